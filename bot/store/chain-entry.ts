import type { RunRecord } from './run-record.js';

/** Which run change raises a run event: a new run (RUN_CREATED) or a changed one (RUN_UPDATED). */
export type RunChangeKind = 'CREATE' | 'UPDATE';

/**
 * Whether a run change of this action has listeners (automations on its RUN_CREATED /
 * RUN_UPDATED). The store asks it inside the transaction of the change and queues a chain entry
 * only when it answers true; without one, nothing is queued.
 */
export type ChainFilter = (actionIdentifier: string, change: RunChangeKind) => boolean;

/** The actions whose run changes have listeners, by change: a `ChainFilter` as data. */
export interface RunListeners {
  readonly CREATE: ReadonlySet<string>;
  readonly UPDATE: ReadonlySet<string>;
}

/** Where the listeners come from (the definition registry), and when they change. */
export interface RunListenerSource {
  runListeners(): RunListeners;
  /** Calls `listener` after every change; returns the unsubscribe. */
  onChange(listener: () => void): () => void;
}

export const NO_RUN_LISTENERS: RunListeners = { CREATE: new Set(), UPDATE: new Set() };

export function chainFilterOf(listeners: () => RunListeners): ChainFilter {
  return (actionIdentifier, change) => listeners()[change].has(actionIdentifier);
}

/**
 * A run event waiting to be ingested: queued with the run change it reports, in the same
 * transaction, so a crash after the commit cannot lose it. `before` is null for RUN_CREATED.
 */
export interface ChainEntry {
  /** The run event's id (`chainEventId`): ingesting it twice creates nothing the second time. */
  readonly id: string;
  readonly before: RunRecord | null;
  readonly after: RunRecord;
  /** 1 for the first claim; counts every claim, including claims whose owner died. */
  readonly attempt: number;
}

/** The id of the run event that reports this change; the same change always gets the same id. */
export function chainEventId(after: RunRecord, before: RunRecord | null): string {
  return `${before ? 'run_updated' : 'run_created'}:${after.id}:${after.updatedAt}`;
}
