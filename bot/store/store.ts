import type { RunStatus } from '../../core/runs/run-status.js';
import type {
  DefinitionSetRecord,
  DefinitionSetRevision,
  NewDefinitionSync,
} from './definition-set.js';
import type { ChainEntry } from './chain-entry.js';
import type { EntityCatalog } from './entity-catalog.js';
import type { NewRun, RunChange, RunRecord, RunSource } from './run-record.js';
import type { EventSource, IncomingEvent, RecordEventResult } from './incoming-event.js';
import type { TimerStore } from './timer-store.js';

export type { EventSource, IncomingEvent, RecordEventResult } from './incoming-event.js';

export interface StoredEvent extends EventSummary {
  readonly body: unknown;
  /** Replays of the event (`POST /v1/events/{id}/replay`), oldest first. */
  readonly replays: EventReplay[];
}

/** An event as the event list shows it. */
export interface EventSummary {
  readonly id: string;
  readonly source: EventSource;
  readonly receivedAt: string;
  readonly runIds: string[];
  /** `ENTITY_UPDATED`, `RUN_CREATED`, …; null for other bodies (see `event-columns.ts`). */
  readonly type: string | null;
  readonly blueprint: string | null;
  readonly entity: string | null;
  /** Receipts of the same id after the first (each created nothing). */
  readonly duplicates: number;
}

export interface EventReplay {
  readonly at: string;
  readonly by: string;
  readonly dryRun: boolean;
  readonly force: boolean;
  readonly runIds: string[];
}

/** `GET /v1/events` filters, AND-ed; newest first. */
export interface ListEventsFilter {
  readonly entity?: string;
  readonly blueprint?: string;
  readonly type?: string;
  readonly source?: EventSource;
  /** Events whose id starts with this (exact ids included). */
  readonly idPrefix?: string;
  readonly fromMs?: number;
  readonly toMs?: number;
  /** 1–200, default 50. */
  readonly limit?: number;
  readonly after?: { readonly receivedAtMs: number; readonly id: string };
}

/** One delivery attempt of a run, as the deliverer saw it. */
export interface NewDeliveryAttempt {
  /** The claim's attempt number (1 for the first). */
  readonly n: number;
  /** Epoch ms. */
  readonly startedAt: number;
  readonly durationMs: number;
  readonly statusCode: number | null;
  readonly error: string | null;
  /** At most 2 KB, secrets already masked. */
  readonly responseExcerpt: string | null;
  /** Epoch ms of the retry, when the attempt is retried. */
  readonly nextAttemptAt: number | null;
}

export interface DeliveryAttempt extends Omit<NewDeliveryAttempt, 'startedAt' | 'nextAttemptAt'> {
  readonly startedAt: string;
  readonly nextAttemptAt: string | null;
}

/** How a run is linked to others: the run whose RUN_* event started it, runs it started, re-runs. */
export interface RunLinks {
  readonly parent: string | null;
  readonly children: string[];
  readonly reruns: string[];
}

/** Per action identifier, over runs created since a time. */
export interface RunStats {
  readonly action: string;
  readonly runs: number;
  readonly ended: number;
  readonly succeeded: number;
  readonly lastRun: {
    readonly id: string;
    readonly status: RunStatus;
    readonly createdAt: string;
  } | null;
}

/** `PATCH /v1/actions/runs/{id}`: each given key replaces its value. */
export interface RunPatch {
  readonly status?: 'SUCCESS' | 'FAILURE';
  readonly statusLabel?: string | null;
  readonly link?: string | readonly string[];
  readonly summary?: string | null;
  readonly externalRunId?: string | null;
  /** Who made the change (Port's `updatedBy`). */
  readonly updatedBy?: string | null;
}

export interface NewRunLog {
  readonly message: string;
  /** Closes the run; afterwards any change is refused with `run_exhausted`. */
  readonly terminationStatus?: 'SUCCESS' | 'FAILURE';
  readonly statusLabel?: string | null;
  readonly createdBy?: string | null;
}

/** Port's `runLog`. */
export interface RunLog {
  readonly id: string;
  readonly runId: string;
  readonly message: string;
  readonly createdBy: string | null;
  readonly createdAt: string;
}

export interface AddedRunLog {
  readonly log: RunLog;
  /** The run before and after, when the log also set a status or label. */
  readonly change: RunChange | null;
}

/** What the dispatcher learned from a delivery attempt; applied in one transaction. */
export interface RunResult {
  /** Ignored (and `applied` is false) when the run already ended, e.g. through the run API. */
  readonly status?: RunStatus;
  readonly statusLabel?: string | null;
  readonly response?: unknown;
  readonly link?: readonly string[];
  readonly externalRunId?: string | null;
  readonly summary?: string | null;
  /** Appended to the run's logs in order, even when the run already ended. */
  readonly logs?: readonly string[];
  /** Also completes the outbox entry claimed by this owner, in the same transaction. */
  readonly completeDeliveryOf?: string;
  /** The delivery attempt this result came from: stored and counted on the run with it. */
  readonly attempt?: NewDeliveryAttempt;
}

export interface RunResultChange extends RunChange {
  /** Whether the fields of the run were changed (false when it had already ended). */
  readonly applied: boolean;
  /**
   * Whether `completeDeliveryOf` removed the outbox entry; false when that owner had lost its
   * claim (its lease expired and another owner claimed the run) or when it was not asked for.
   */
  readonly completed: boolean;
}

/** `GET /v1/actions/runs` filters, AND-ed. */
export interface ListRunsFilter {
  readonly entity?: string;
  readonly blueprint?: string;
  /** true: runs not ended yet; false: ended runs. */
  readonly active?: boolean;
  readonly userEmail?: string;
  readonly userId?: string;
  /** 1–1000, default 1000. */
  readonly limit?: number;
  readonly externalRunId?: string;
  readonly action?: string;
  readonly source?: readonly RunSource[];
  readonly eventId?: string;
  readonly status?: readonly RunStatus[];
  /** created_at ≥ fromMs and < toMs (epoch ms). */
  readonly fromMs?: number;
  readonly toMs?: number;
  /** Runs whose id or event id starts with this (exact ids included). */
  readonly idPrefix?: string;
  /** Only runs after this one in the list's order (newest first): the page cursor. */
  readonly after?: { readonly createdAtMs: number; readonly id: string };
}

export interface ClaimOptions {
  /** Who claims: a replica's id. Only it can complete or retry what it claimed. */
  readonly owner: string;
  readonly limit: number;
  /** How long the claim lasts; after that, another owner may claim the run again. */
  readonly leaseMs: number;
  /** Epoch ms; default: the store's clock. */
  readonly now?: number;
}

export interface ClaimedDelivery {
  readonly run: RunRecord;
  /** 1 for the first attempt; counts every claim, including claims whose owner died. */
  readonly attempt: number;
  readonly lastError: string | null;
  /** Epoch ms when the claim expires. */
  readonly leaseUntil: number;
}

export interface RetryOptions {
  /** Epoch ms before which the run is not claimed again. */
  readonly nextAttemptAt: number;
  readonly error: string;
  /** Appended to the run's logs in the same transaction. */
  readonly logMessage?: string;
  /** The attempt that failed: stored and counted on the run in the same transaction. */
  readonly attempt?: NewDeliveryAttempt;
}

/** `POST /v1/actions/runs/claim-pending`: who claims, how many, for how long. */
export interface AgentClaimOptions {
  /** The agent's `installationId` (port-agent: `_PORT_EXEC_AGENT`). */
  readonly claimant: string;
  readonly limit: number;
  /** Unacknowledged after this long, a claimed run is claimable again. */
  readonly leaseMs: number;
  /** Epoch ms; default: the store's clock. */
  readonly now?: number;
}

export interface ClaimedAgentRun {
  readonly run: RunRecord;
  /** Epoch ms until which the claim holds (Port's `claimedUntil`). */
  readonly claimedUntil: number;
  /** How many times the run was claimed, this claim included. */
  readonly claims: number;
}

export interface NewPoisonMessage {
  readonly source: EventSource;
  readonly reason: string;
  /** The message as received (text), for inspection. */
  readonly raw: string;
  readonly topic?: string | null;
  readonly partition?: number | null;
  readonly offset?: string | null;
  readonly key?: string | null;
  readonly receivedAt?: number;
}

export interface PoisonMessage {
  readonly id: string;
  readonly source: EventSource;
  readonly reason: string;
  readonly raw: string;
  readonly topic: string | null;
  readonly partition: number | null;
  readonly offset: string | null;
  readonly key: string | null;
  readonly receivedAt: string;
}

export interface Page {
  readonly limit?: number;
  readonly offset?: number;
}

/**
 * The bot's durable state: events, runs, run logs, the delivery outbox, poison messages.
 * Same behaviour over SQLite and PostgreSQL; every method is safe with several processes on one
 * PostgreSQL database. Refusals throw `StoreError` with a `code`.
 */
export interface Store {
  readonly dialect: 'sqlite' | 'postgres';
  /** Pending timers of timer properties (`SWITCHYARD_TIMERS`). */
  readonly timers: TimerStore;
  /** The embedded entity catalog (`entity-catalog.ts`). */
  readonly entities: EntityCatalog;
  /** Applies pending migrations; idempotent and safe when replicas start at once. */
  migrate(): Promise<{ readonly applied: number[] }>;
  /** Stores an event, its runs and their outbox entries atomically; dedupes by event id. */
  recordEvent(event: IncomingEvent, runs: readonly NewRun[]): Promise<RecordEventResult>;
  getEvent(id: string): Promise<StoredEvent | null>;
  getRun(id: string): Promise<RunRecord | null>;
  /** Newest first. */
  listRuns(filter?: ListRunsFilter): Promise<RunRecord[]>;
  /** Throws `not_found`, `run_exhausted` (run ended) or `invalid_request`. */
  patchRun(id: string, patch: RunPatch): Promise<RunChange>;
  /**
   * A plain log is accepted on an ended run too (agents log after reporting the status); a log
   * with `terminationStatus` or `statusLabel` on an ended run is refused (`run_exhausted`).
   */
  addRunLog(runId: string, log: NewRunLog): Promise<AddedRunLog>;
  /**
   * `PATCH /v1/actions/runs/{id}/response`: stores the backend's response on the run (open or
   * ended; the status is not changed). Throws `not_found`.
   */
  setRunResponse(runId: string, response: unknown, updatedBy?: string | null): Promise<RunRecord>;
  /** Oldest first; limit 1–50 (default 50). */
  listRunLogs(runId: string, page?: Page): Promise<RunLog[]>;
  setRunResult(runId: string, result: RunResult): Promise<RunResultChange>;
  /** Claims due deliveries (oldest first) no other live claim holds. */
  claimDeliveries(options: ClaimOptions): Promise<ClaimedDelivery[]>;
  /** Removes the outbox entry; false when `owner` no longer holds the claim. */
  completeDelivery(runId: string, owner: string): Promise<boolean>;
  /** Releases the claim until `nextAttemptAt`; false when `owner` no longer holds it. */
  retryDelivery(runId: string, owner: string, options: RetryOptions): Promise<boolean>;
  /**
   * Claims due chain entries: the RUN_CREATED / RUN_UPDATED events queued with run changes
   * (see `SqlStoreOptions.chains`), oldest first, each for one owner while its lease lasts.
   */
  claimChainEntries(options: ClaimOptions): Promise<ChainEntry[]>;
  /** Removes a chain entry once its event is stored; false when `owner` no longer holds it. */
  completeChainEntry(id: string, owner: string): Promise<boolean>;
  /**
   * Moves a run whose outbox entry `owner` holds to the agent queue (a WEBHOOK run with
   * `agent: true`), logging `logMessage` on it; false when `owner` lost its claim.
   */
  queueForAgent(runId: string, owner: string, logMessage: string): Promise<boolean>;
  /** Claims queued agent runs, oldest first, that no unexpired claim holds. */
  claimAgentRuns(options: AgentClaimOptions): Promise<ClaimedAgentRun[]>;
  /** Takes claimed runs off the agent queue, logging `logMessage` on each; returns their ids. */
  ackAgentRuns(runIds: readonly string[], logMessage: string): Promise<string[]>;
  recordPoisonMessage(message: NewPoisonMessage): Promise<PoisonMessage>;
  /** Newest first. */
  listPoisonMessages(page?: Page): Promise<PoisonMessage[]>;
  /**
   * Records a repository sync: with `active`, replaces the repository's set (atomically, with a
   * new revision); without, keeps the set and records only the synced commit and its result.
   */
  saveDefinitionSet(sync: NewDefinitionSync): Promise<DefinitionSetRecord>;
  /** Every repository's set, or those of the given repositories, by repository. */
  listDefinitionSets(repositories?: readonly string[]): Promise<DefinitionSetRecord[]>;
  /** Cheap: what each stored set's revision is, to reload only what changed. */
  listDefinitionSetRevisions(): Promise<DefinitionSetRevision[]>;
  /** Removes a repository's set, or every set of an installation; returns the repositories. */
  deleteDefinitionSets(filter: {
    readonly repository?: string;
    readonly installationId?: number;
  }): Promise<string[]>;
  /** Oldest first. */
  listDeliveryAttempts(runId: string): Promise<DeliveryAttempt[]>;
  listEvents(filter?: ListEventsFilter): Promise<EventSummary[]>;
  /** Throws `not_found` for an unknown run. */
  runLinks(runId: string): Promise<RunLinks>;
  /**
   * Stores a re-run of `originalId` (same event, `rerunOf` set) with its outbox entry, and a log
   * line on both runs saying who; one transaction. Throws `not_found`.
   */
  recordRerun(originalId: string, run: NewRun, by: string): Promise<RunRecord>;
  /**
   * Ends a run that waits for its (first or next) delivery: removes its outbox entry and ends
   * it FAILURE "Cancelled" with a log line saying who, atomically. Throws `not_found`, or
   * `not_cancellable` when it ended or a live claim is delivering it.
   */
  cancelRun(runId: string, by: string): Promise<RunChange>;
  /**
   * Adds runs to a stored event and records the replay. Without `force`, a run whose
   * automation (identifier and repository) already has a run of this event is left out.
   */
  recordReplay(
    eventId: string,
    runs: readonly NewRun[],
    replay: { readonly by: string; readonly dryRun: boolean; readonly force: boolean },
  ): Promise<{ runIds: string[]; skipped: string[] }>;
  /** Runs created since `sinceMs` per action, and each listed action's newest run. */
  runStats(sinceMs: number, actions: readonly string[]): Promise<RunStats[]>;
  close(): Promise<void>;
}
