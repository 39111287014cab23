import { newId } from '../../core/runs/new-run-id.js';
import {
  applyRunPatch,
  applyRunResult,
  assertRunOpen,
  validateRunLog,
  validateRunPatch,
} from './apply-run-patch.js';
import type {
  DefinitionSetRecord,
  DefinitionSetRevision,
  NewDefinitionSync,
} from './definition-set.js';
import {
  deleteDefinitionSets,
  listDefinitionSetRevisions,
  listDefinitionSets,
  saveDefinitionSet,
} from './definition-set-queries.js';
import { insertEvent, validateEvent } from './insert-event.js';
import { insertEventsInOneStatement } from './insert-event-in-one-statement.js';
import type { EventToInsert } from './insert-event-in-one-statement.js';
import { StatementBatcher } from './statement-batcher.js';
import { resultToWrite, setRunResultsInOneStatement } from './set-run-results-in-one-statement.js';
import type { ResultToWrite } from './set-run-results-in-one-statement.js';
import { listRunsQuery } from './list-runs-query.js';
import { migrate } from './migrate.js';
import { SqlEntityCatalog } from './sql-entity-catalog.js';
import type { EntityCatalog } from './entity-catalog.js';
import { claimDeliveries, completeDelivery, retryDelivery } from '../outbox/outbox-queries.js';
import {
  claimChainEntries,
  completeChainEntry,
  queueChain,
  queueCreatedChains,
} from '../outbox/chain-queries.js';
import type { ChainEntry, ChainFilter } from './chain-entry.js';
import { runVisiblyChanged } from './run-visibly-changed.js';
import { SecretMasker } from './secret-masker.js';
import { decodePoisonMessage, POISON_COLUMNS } from './poison-row.js';
import type { NewRun, RunChange, RunRecord } from './run-record.js';
import {
  cancelDelivery,
  insertRunLog,
  runIfUnchanged,
  selectRunForUpdate,
  updateRunState,
} from './run-queries.js';
import { decodeRun, isoTime, SELECT_RUNS, text } from './run-row.js';
import { insertDeliveryAttempt, listDeliveryAttempts } from './delivery-attempt-queries.js';
import { decodeEventSummary, decodeStoredEvent, listEventsQuery } from './event-list-query.js';
import { cancelRun, recordReplay, recordRerun, runLinks, runStats } from './run-link-queries.js';
import type { SqlDriver, SqlExecutor, SqlRow } from './sql-driver.js';
import { ackAgentRuns, claimAgentRuns, moveToAgentQueue } from './agent-queue-queries.js';
import type {
  AddedRunLog,
  AgentClaimOptions,
  ClaimedAgentRun,
  ClaimedDelivery,
  ClaimOptions,
  DeliveryAttempt,
  EventSummary,
  ListEventsFilter,
  RunLinks,
  RunStats,
  IncomingEvent,
  ListRunsFilter,
  NewPoisonMessage,
  NewRunLog,
  Page,
  PoisonMessage,
  RecordEventResult,
  RetryOptions,
  RunLog,
  RunPatch,
  RunResult,
  RunResultChange,
  Store,
  StoredEvent,
} from './store.js';
import { StoreError } from './store-error.js';
import { SqlTimerStore } from './sql-timer-store.js';
import type { TimerStore } from './timer-store.js';

export interface SqlStoreOptions {
  /** Epoch ms; tests pass a fixed clock. */
  readonly now?: () => number;
  /**
   * Which run changes raise run events (the bot: actions with RUN_* listeners). Each is queued
   * as a chain entry in the transaction of the change; without a filter none is.
   */
  readonly chains?: ChainFilter;
  /** Secret values never written about runs (see `SecretMasker`): the bot's `.secrets`. */
  readonly secrets?: readonly string[];
  /**
   * PostgreSQL: how many batches of `recordEvent` are written at once (group commit, see
   * `statement-batcher.ts`); default 3. Delivery results go one batch at a time.
   */
  readonly batchesInFlight?: number;
}

/** Claimed runs kept for their results, at most. */
const MAX_CLAIMED_ROWS = 10_000;

interface ClaimedRun {
  readonly row: SqlRow;
  readonly run: RunRecord;
}

/** The one query layer: `Store` over any `SqlDriver`; dialect differences live in the driver. */
export class SqlStore implements Store {
  readonly dialect: 'sqlite' | 'postgres';
  readonly timers: TimerStore;
  readonly entities: EntityCatalog;
  private readonly now: () => number;
  private readonly chains: ChainFilter;
  private readonly masker: SecretMasker;
  private readonly batcher: StatementBatcher<EventToInsert, RecordEventResult> | undefined;
  private readonly results: StatementBatcher<ResultToWrite, RunResultChange | null> | undefined;
  /**
   * Claimed runs as the claim read them (row and record), until their result is written, which
   * then need not read the run again when it is unchanged (PostgreSQL: checked by the result's
   * statement itself; SQLite: by a read of the columns that can change, without the JSON).
   */
  private readonly claimedRows = new Map<string, ClaimedRun>();

  constructor(
    private readonly driver: SqlDriver,
    options: SqlStoreOptions = {},
  ) {
    this.dialect = driver.dialect.name;
    this.now = options.now ?? Date.now;
    this.chains = options.chains ?? (() => false);
    this.masker = new SecretMasker(options.secrets, driver.dialect.name === 'postgres');
    this.timers = new SqlTimerStore(driver, this.now, this.chains, this.masker);
    this.entities = new SqlEntityCatalog(driver, () => this.now());
    // SQLite groups every transaction into one commit already (its driver does).
    const postgres = driver.dialect.name === 'postgres';
    const maxInFlight = options.batchesInFlight ?? 3;
    this.batcher = postgres
      ? new StatementBatcher((batch) => insertEventsInOneStatement(driver, batch), {
          maxInFlight,
          maxBatch: 500,
          key: (item: EventToInsert) => item.event.id,
        })
      : undefined;
    this.results = postgres
      ? new StatementBatcher((batch) => setRunResultsInOneStatement(driver, batch), {
          // One at a time: while one commits, the next gathers more (fewer, larger statements).
          // Kafka backlog -> webhook, measured against 3 in flight: PostgreSQL CPU 378-460 ->
          // 295-370 us/event. No ingest caller waits on a result.
          maxInFlight: 1,
          maxBatch: 200,
          key: (item: ResultToWrite) => item.runId,
        })
      : undefined;
  }

  migrate(): Promise<{ applied: number[] }> {
    return migrate(this.driver, this.now());
  }

  async recordEvent(event: IncomingEvent, given: readonly NewRun[]): Promise<RecordEventResult> {
    validateEvent(event, given);
    const runs = given.map((run) => this.masker.newRun(run));
    const chained = runs.filter((run) => this.chains(run.action.identifier, 'CREATE'));
    if (this.batcher && chained.length === 0) {
      return this.batcher.add({ event, runs, now: this.now() });
    }
    return this.driver.transaction(async (tx) => {
      const now = this.now();
      const result = await insertEvent(tx, event, runs, now);
      if (result.created)
        await queueCreatedChains(
          tx,
          chained.map((run) => run.id),
          now,
        );
      return result;
    });
  }

  async getEvent(id: string): Promise<StoredEvent | null> {
    const [row] = await this.driver.all('SELECT * FROM events WHERE id = $1', [id]);
    return row === undefined ? null : decodeStoredEvent(row);
  }

  async listEvents(filter: ListEventsFilter = {}): Promise<EventSummary[]> {
    const { sql, params } = listEventsQuery(filter);
    return (await this.driver.all(sql, params)).map(decodeEventSummary);
  }

  listDeliveryAttempts(runId: string): Promise<DeliveryAttempt[]> {
    return listDeliveryAttempts(this.driver, runId);
  }

  runLinks(runId: string): Promise<RunLinks> {
    return runLinks(this.driver, runId);
  }

  recordRerun(originalId: string, run: NewRun, by: string): Promise<RunRecord> {
    const masked = this.masker.newRun(run);
    return recordRerun(this.driver, originalId, masked, by, this.now(), this.queueCreated);
  }

  cancelRun(runId: string, by: string): Promise<RunChange> {
    return cancelRun(this.driver, runId, by, this.now(), (tx, change, now) =>
      this.queueUpdated(tx, change, now),
    );
  }

  /** RUN_CREATED for new runs whose actions have listeners: in the creating transaction. */
  private readonly queueCreated = async (
    tx: SqlExecutor,
    runs: readonly NewRun[],
    now: number,
  ): Promise<void> => {
    const ids = runs.filter((run) => this.chains(run.action.identifier, 'CREATE'));
    if (ids.length > 0)
      await queueCreatedChains(
        tx,
        ids.map((run) => run.id),
        now,
      );
  };

  recordReplay(
    eventId: string,
    runs: readonly NewRun[],
    replay: { readonly by: string; readonly dryRun: boolean; readonly force: boolean },
  ): Promise<{ runIds: string[]; skipped: string[] }> {
    const masked = runs.map((run) => this.masker.newRun(run));
    return recordReplay(this.driver, eventId, masked, replay, this.now(), this.queueCreated);
  }

  runStats(sinceMs: number, actions: readonly string[]): Promise<RunStats[]> {
    return runStats(this.driver, sinceMs, actions);
  }

  async getRun(id: string): Promise<RunRecord | null> {
    const row = await this.runRow(id);
    return row === undefined ? null : decodeRun(row);
  }

  async listRuns(filter: ListRunsFilter = {}): Promise<RunRecord[]> {
    const { sql, params } = listRunsQuery(filter);
    return (await this.driver.all(sql, params)).map(decodeRun);
  }

  async patchRun(id: string, given: RunPatch): Promise<RunChange> {
    validateRunPatch(given, id);
    const patch = this.masker.patch(given);
    return this.driver.transaction(async (tx) => {
      const before = await selectRunForUpdate(tx, this.driver.dialect, id);
      assertRunOpen(before);
      const now = this.now();
      const after = applyRunPatch(before, patch, now);
      await updateRunState(tx, after);
      if (after.endedAt !== null) await cancelDelivery(tx, id);
      await this.queueUpdated(tx, { before, after }, now);
      return { before, after };
    });
  }

  async addRunLog(runId: string, given: NewRunLog): Promise<AddedRunLog> {
    validateRunLog(given, runId);
    const log = this.masker.log(given);
    return this.driver.transaction(async (tx) => {
      const before = await selectRunForUpdate(tx, this.driver.dialect, runId);
      const plain = log.terminationStatus === undefined && log.statusLabel === undefined;
      if (!plain) assertRunOpen(before);
      const now = this.now();
      const runLog = await insertRunLog(tx, runId, log.message, log.createdBy ?? null, now);
      if (plain) return { log: runLog, change: null };
      const after = applyRunPatch(
        before,
        { status: log.terminationStatus, statusLabel: log.statusLabel, updatedBy: log.createdBy },
        now,
      );
      await updateRunState(tx, after);
      if (after.endedAt !== null) await cancelDelivery(tx, runId);
      await this.queueUpdated(tx, { before, after }, now);
      return { log: runLog, change: { before, after } };
    });
  }

  async setRunResponse(
    runId: string,
    response: unknown,
    updatedBy?: string | null,
  ): Promise<RunRecord> {
    return this.driver.transaction(async (tx) => {
      const before = await selectRunForUpdate(tx, this.driver.dialect, runId);
      const after: RunRecord = {
        ...before,
        response: this.masker.mask(response),
        updatedAt: new Date(this.now()).toISOString(),
        ...(updatedBy === undefined ? {} : { updatedBy }),
      };
      await updateRunState(tx, after);
      return after;
    });
  }

  async listRunLogs(runId: string, page: Page = {}): Promise<RunLog[]> {
    const { limit, offset } = checkPage(page, 50);
    const rows = await this.driver.all(
      'SELECT * FROM run_logs WHERE run_id = $1 ORDER BY seq LIMIT $2 OFFSET $3',
      [runId, limit, offset],
    );
    return rows.map((row) => ({
      id: String(row.id),
      runId: String(row.run_id),
      message: String(row.message),
      createdBy: text(row.created_by),
      createdAt: isoTime(row.created_at),
    }));
  }

  async setRunResult(runId: string, given: RunResult): Promise<RunResultChange> {
    const result = this.masker.result(given);
    const claimed = this.claimedRows.get(runId);
    this.claimedRows.delete(runId);
    if (this.results) {
      const read = claimed ?? (await this.readRun(runId));
      // A change that raises a run event takes the transaction below, which queues it.
      const item = resultToWrite(
        runId,
        result,
        this.now(),
        read,
        (before, after) =>
          runVisiblyChanged(before, after) && this.chains(after.action.identifier, 'UPDATE'),
      );
      const change = item && (await this.results.add(item));
      if (change) return change;
      // The run changed while we looked (or raises a run event): lock it and apply the result.
    }
    return this.driver.transaction(async (tx) => {
      // PostgreSQL comes here when the run changed since the claim, or to lock it: read it whole.
      const known = this.driver.dialect.name === 'postgres' ? undefined : claimed;
      const before =
        (known && (await runIfUnchanged(tx, known.row, known.run))) ??
        (await selectRunForUpdate(tx, this.driver.dialect, runId));
      const now = this.now();
      const applied = before.endedAt === null;
      const changed = applied ? applyRunResult(before, result, now) : before;
      if (applied) await updateRunState(tx, changed);
      if (result.attempt) await insertDeliveryAttempt(tx, runId, result.attempt);
      const after = result.attempt ? { ...changed, attempts: before.attempts + 1 } : changed;
      for (const message of result.logs ?? []) {
        await insertRunLog(tx, runId, message, null, now);
      }
      let completed = false;
      if (result.completeDeliveryOf !== undefined) {
        completed = await completeDelivery(tx, runId, result.completeDeliveryOf);
      } else if (after.endedAt !== null) {
        await cancelDelivery(tx, runId);
      }
      if (applied && runVisiblyChanged(before, after))
        await this.queueUpdated(tx, { before, after }, now);
      return { before, after, applied, completed };
    });
  }

  /** RUN_UPDATED for a change, when its action has listeners: in the change's transaction. */
  private async queueUpdated(tx: SqlExecutor, change: RunChange, now: number): Promise<void> {
    if (this.chains(change.after.action.identifier, 'UPDATE')) await queueChain(tx, change, now);
  }

  claimChainEntries(options: ClaimOptions): Promise<ChainEntry[]> {
    return claimChainEntries(this.driver, options, this.now());
  }

  completeChainEntry(id: string, owner: string): Promise<boolean> {
    return completeChainEntry(this.driver, id, owner);
  }

  claimDeliveries(options: ClaimOptions): Promise<ClaimedDelivery[]> {
    return claimDeliveries(this.driver, options, this.now(), (row, run) => {
      // Bounded: a claim whose result never comes (a crash of its delivery) is forgotten.
      if (this.claimedRows.size >= MAX_CLAIMED_ROWS) {
        this.claimedRows.delete(this.claimedRows.keys().next().value as string);
      }
      this.claimedRows.set(run.id, { row, run });
    });
  }

  completeDelivery(runId: string, owner: string): Promise<boolean> {
    this.claimedRows.delete(runId);
    return completeDelivery(this.driver, runId, owner);
  }

  retryDelivery(runId: string, owner: string, given: RetryOptions): Promise<boolean> {
    this.claimedRows.delete(runId);
    const options = this.masker.retry(given);
    return this.driver.transaction(async (tx) => {
      const released = await retryDelivery(tx, runId, owner, options);
      // The attempt was made whether or not the claim still held.
      if (options.attempt) await insertDeliveryAttempt(tx, runId, options.attempt);
      if (released && options.logMessage !== undefined) {
        await insertRunLog(tx, runId, options.logMessage, null, this.now());
      }
      return released;
    });
  }

  queueForAgent(runId: string, owner: string, logMessage: string): Promise<boolean> {
    this.claimedRows.delete(runId);
    return this.driver.transaction((tx) =>
      moveToAgentQueue(tx, runId, owner, this.now(), logMessage),
    );
  }

  claimAgentRuns(options: AgentClaimOptions): Promise<ClaimedAgentRun[]> {
    return claimAgentRuns(this.driver, options, this.now());
  }

  ackAgentRuns(runIds: readonly string[], logMessage: string): Promise<string[]> {
    return this.driver.transaction((tx) => ackAgentRuns(tx, runIds, this.now(), logMessage));
  }

  async recordPoisonMessage(message: NewPoisonMessage): Promise<PoisonMessage> {
    const id = newId('pm_');
    const values = [
      id,
      message.source,
      message.reason,
      message.raw,
      message.topic ?? null,
      message.partition ?? null,
      message.offset ?? null,
      message.key ?? null,
      message.receivedAt ?? this.now(),
    ];
    const marks = POISON_COLUMNS.map((_, i) => `$${i + 1}`).join(', ');
    await this.driver.run(
      `INSERT INTO poison_messages (${POISON_COLUMNS.join(', ')}) VALUES (${marks})`,
      values,
    );
    return decodePoisonMessage(Object.fromEntries(POISON_COLUMNS.map((c, i) => [c, values[i]])));
  }

  async listPoisonMessages(page: Page = {}): Promise<PoisonMessage[]> {
    const { limit, offset } = checkPage(page, 1000);
    const rows = await this.driver.all(
      'SELECT * FROM poison_messages ORDER BY seq DESC LIMIT $1 OFFSET $2',
      [limit, offset],
    );
    return rows.map(decodePoisonMessage);
  }

  saveDefinitionSet(sync: NewDefinitionSync): Promise<DefinitionSetRecord> {
    return saveDefinitionSet(this.driver, sync, this.now());
  }

  listDefinitionSets(repositories?: readonly string[]): Promise<DefinitionSetRecord[]> {
    return listDefinitionSets(this.driver, repositories);
  }

  listDefinitionSetRevisions(): Promise<DefinitionSetRevision[]> {
    return listDefinitionSetRevisions(this.driver);
  }

  deleteDefinitionSets(filter: {
    readonly repository?: string;
    readonly installationId?: number;
  }): Promise<string[]> {
    return deleteDefinitionSets(this.driver, filter);
  }

  private async runRow(runId: string): Promise<SqlRow | undefined> {
    const [row] = await this.driver.all(
      `${SELECT_RUNS} WHERE runs.id = $1`,
      [runId],
      'switchyard_run',
    );
    return row;
  }

  /** A run's row and its record; throws `not_found`. */
  private async readRun(runId: string): Promise<ClaimedRun> {
    const row = await this.runRow(runId);
    if (row === undefined) throw new StoreError('not_found', `run ${runId} was not found`, runId);
    return { row, run: decodeRun(row) };
  }

  async close(): Promise<void> {
    await this.batcher?.drain();
    await this.results?.drain();
    return this.driver.close();
  }
}

function checkPage(page: Page, maxLimit: number): { limit: number; offset: number } {
  const limit = page.limit ?? maxLimit;
  const offset = page.offset ?? 0;
  if (!Number.isInteger(limit) || limit < 1 || limit > maxLimit) {
    throw new StoreError('invalid_request', `limit must be an integer from 1 to ${maxLimit}`);
  }
  if (!Number.isInteger(offset) || offset < 0) {
    throw new StoreError('invalid_request', 'offset must be a non-negative integer');
  }
  return { limit, offset };
}
