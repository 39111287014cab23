import type { TimerKey } from '../../core/timers/timer-event-id.js';
import type { NewRun } from './run-record.js';
import type { IncomingEvent, RecordEventResult } from './incoming-event.js';

/** A timer to schedule (or move): the next expiry of one entity's timer property. */
export interface NewTimer {
  readonly key: TimerKey;
  /** Epoch ms when it fires. */
  readonly dueAt: number;
  /** The property's value as received. */
  readonly value: string;
  /** The entity as last seen (`diff.after`), the fired event's `diff.after`. */
  readonly entity: unknown;
  /** `trigger` of the scheduling event. */
  readonly scheduledBy?: unknown;
  /** The id of the event that scheduled it. */
  readonly sourceEventId?: string | null;
}

export interface TimerRecord {
  readonly id: string;
  readonly key: TimerKey;
  readonly dueAt: number;
  readonly value: string;
  readonly entity: unknown;
  readonly scheduledBy: unknown;
  readonly sourceEventId: string | null;
  /** While claimed: the claim; null while it waits. */
  readonly claimedBy: string | null;
  /** When it may be claimed next: its due time, a retry time, or the end of a claim. */
  readonly availableAt: number;
  readonly attempts: number;
  readonly lastError: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface ClaimedTimer extends TimerRecord {
  /** Pass to `complete` / `release`: only the holder of the claim can. */
  readonly claim: string;
}

export interface ClaimTimersOptions {
  /** Who claims: a replica's id. */
  readonly owner: string;
  readonly limit: number;
  /** How long the claim holds; after that another replica may claim the timer again. */
  readonly leaseMs: number;
  readonly now: number;
}

/** `GET /v1/timers` filters, AND-ed; ordered by due time. */
export interface ListTimersFilter {
  readonly blueprint?: string;
  readonly entity?: string;
  readonly property?: string;
  /** Epoch ms: due at or after. */
  readonly dueAfter?: number;
  /** Epoch ms: due before. */
  readonly dueBefore?: number;
  /** 1–1000, default 100. */
  readonly limit?: number;
  readonly offset?: number;
}

/**
 * Pending timers: one row per (blueprint, entity, property), claimed by replicas with a lease
 * (`FOR UPDATE SKIP LOCKED` on PostgreSQL) so exactly one replica fires each.
 */
export interface TimerStore {
  /**
   * Schedules or moves timers. A timer whose instant changes waits for the new one (any claim
   * on the old instant is dropped); one whose instant stays keeps its claim and gets the newer
   * entity snapshot.
   */
  schedule(timers: readonly NewTimer[], now: number): Promise<void>;
  /** Cancels a timer, or only its expiry at `dueAt` when given; true when one was removed. */
  cancel(key: TimerKey, options?: { readonly dueAt?: number }): Promise<boolean>;
  /** Cancels every timer of an entity; returns how many. */
  cancelEntity(blueprint: string, entity: string): Promise<number>;
  /** Claims up to `limit` due timers (earliest first) no live claim holds. */
  claimDue(options: ClaimTimersOptions): Promise<ClaimedTimer[]>;
  /**
   * Fires claimed timers in one transaction: stores each one's event with its runs and outbox
   * entries (deduped by event id, as `recordEvent`) and removes the timers `claim` still holds.
   * Results are in the order of `fired`.
   */
  recordFired(
    claim: string,
    fired: readonly {
      readonly timerId: string;
      readonly event: IncomingEvent;
      readonly runs: readonly NewRun[];
    }[],
  ): Promise<RecordEventResult[]>;
  /** Removes fired timers still held by `claim`; returns how many. */
  complete(claim: string, ids: readonly string[]): Promise<number>;
  /** Gives a claimed timer back, to be claimed again from `availableAt`. */
  release(
    claim: string,
    id: string,
    options: { readonly availableAt: number; readonly error: string },
  ): Promise<boolean>;
  /** Epoch ms when the next timer may be claimed (due, retried or its lease over); null if none. */
  nextAvailableAt(): Promise<number | null>;
  list(filter?: ListTimersFilter): Promise<TimerRecord[]>;
  get(key: TimerKey): Promise<TimerRecord | null>;
}
