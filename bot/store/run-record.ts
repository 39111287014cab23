import type { RunStatus } from '../../core/runs/run-status.js';
import type { DeliveryPlan } from './delivery-plan.js';

export type RunSource = 'UI' | 'API' | 'AUTOMATION';

/** Where a run's definition came from: a file in a repository (at a commit) or a local folder. */
export interface DefinitionOrigin {
  readonly repository?: string;
  readonly file: string;
  readonly commit?: string;
}

/** A catalog object a run is about (Port shows `{identifier, title, icon}`). */
export interface RunSubject {
  readonly identifier: string;
  readonly title?: string | null;
}

/** A run to create, as planned by ingest (or the execute-action endpoint). */
export interface NewRun {
  /** `r_…` from `newRunId()`; the same id goes on the outbound request. */
  readonly id: string;
  readonly action: { readonly identifier: string; readonly title?: string | null };
  readonly source: RunSource;
  /** Inputs (`properties` in Port); `{}` for automations. */
  readonly properties?: Record<string, unknown>;
  readonly blueprint?: RunSubject | null;
  readonly entity?: RunSubject | null;
  /** The rendered invocation method with every secret masked (Port's `payload`). */
  readonly payload: unknown;
  /**
   * What the dispatcher sends; must hold no secret value (see `DeliveryPlan`). Without one (or
   * with a final status, e.g. a run that failed to render) the run gets no outbox entry.
   */
  readonly delivery?: DeliveryPlan | null;
  /** `WEBHOOK`, `GITHUB`, `GITLAB`, `KAFKA`, … */
  readonly backendType: string;
  readonly origin: DefinitionOrigin;
  /** 0 for a run started by a catalog event; n + 1 for a run started by a run event of depth n. */
  readonly chainDepth?: number;
  readonly createdBy?: string | null;
  readonly createdByEmail?: string | null;
  /** Initial status; `IN_PROGRESS` unless given. */
  readonly status?: RunStatus;
  readonly statusLabel?: string | null;
  readonly summary?: string | null;
  /** Not before this time (epoch ms) is the run handed to the dispatcher; default: now. */
  readonly deliverAt?: number;
  /** The data its templates were rendered against (no secrets): shown by the UI, re-run. */
  readonly triggerData?: unknown;
  /** The run this one re-runs. */
  readonly rerunOf?: string | null;
}

/** A stored run: Port's run fields plus switchyard's own. Times are ISO 8601 strings. */
export interface RunRecord {
  readonly id: string;
  readonly status: RunStatus;
  readonly statusLabel: string | null;
  readonly link: string[];
  readonly summary: string | null;
  readonly externalRunId: string | null;
  readonly action: { readonly identifier: string; readonly title: string | null };
  readonly blueprint: RunSubject | null;
  readonly entity: RunSubject | null;
  readonly properties: Record<string, unknown>;
  readonly source: RunSource;
  readonly payload: unknown;
  readonly response: unknown;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly endedAt: string | null;
  readonly createdBy: string | null;
  readonly createdByEmail: string | null;
  readonly updatedBy: string | null;
  readonly eventId: string | null;
  readonly origin: DefinitionOrigin;
  readonly backendType: string;
  readonly chainDepth: number;
  readonly delivery: DeliveryPlan | null;
  /** Delivery attempts recorded so far. */
  readonly attempts: number;
  readonly rerunOf: string | null;
  /** Null for runs stored before migration 5. */
  readonly triggerData: unknown;
  /** The type of its event (`ENTITY_UPDATED`, …); only on runs read by `getRun`/`listRuns`. */
  readonly eventType: string | null;
  /** When a run waiting for a retry is tried again (ISO); only from `getRun`/`listRuns`. */
  readonly nextAttemptAt: string | null;
}

/** A run's state before and after a change: what RUN_UPDATED needs for `diff`. */
export interface RunChange {
  readonly before: RunRecord;
  readonly after: RunRecord;
}
