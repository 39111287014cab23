import { buildTimerEvent } from '../../core/timers/build-timer-event.js';
import { timerEventIdOf } from '../../core/timers/timer-event-id.js';
import type { CatalogEvent } from '../../core/events/catalog-event.js';
import { backoffDelay } from '../deliver/backoff-delay.js';
import type { Logger } from '../log/create-logger.js';
import type { ClaimedTimer, TimerStore } from '../store/timer-store.js';

export interface TimerSchedulerOptions {
  /** This replica's id, in its claims. */
  readonly owner: string;
  /** Timers claimed (and fired) per round trip. */
  readonly batchSize: number;
  /** How long a claim holds: a replica that dies holding timers frees them after it. */
  readonly leaseMs: number;
  /**
   * The longest sleep without looking at the store: bounds the delay of a timer another replica
   * scheduled and then died before firing, or one whose lease ran out.
   */
  readonly recheckMs: number;
  /** Epoch ms: the server's clock, or a test's. */
  readonly now: () => number;
}

/** A claimed timer that is due, with the event it raises and that event's id. */
export interface DueTimer {
  readonly timer: ClaimedTimer;
  readonly event: CatalogEvent;
  readonly eventId: string;
}

/**
 * Raises the events of due timers claimed under `claim` through the normal ingest path and
 * removes the timers, atomically; resolves once stored.
 */
export type FireTimers = (claim: string, due: readonly DueTimer[]) => Promise<void>;

/**
 * Fires due timers. It sleeps until the earliest `available_at` in the store (one index
 * lookup, however many timers wait), is woken earlier when this replica schedules an earlier
 * timer, claims due timers in batches with a lease, raises each one's TIMER_EXPIRED event and
 * then removes the batch. A timer whose event could not be stored is retried with backoff.
 */
export class TimerScheduler {
  private armed: NodeJS.Timeout | undefined;
  private armedAt = Number.POSITIVE_INFINITY;
  private running: Promise<void> | undefined;
  private notified = Number.POSITIVE_INFINITY;
  private stopped = true;

  constructor(
    private readonly store: TimerStore,
    private readonly fire: FireTimers,
    private readonly log: Logger,
    private readonly options: TimerSchedulerOptions,
  ) {}

  start(): void {
    this.stopped = false;
    this.arm(this.options.now());
  }

  /** A timer due at `dueAt` was scheduled here: wake for it if that is sooner. */
  notify(dueAt: number): void {
    if (this.stopped) return;
    if (this.running) {
      this.notified = Math.min(this.notified, dueAt);
      return;
    }
    if (dueAt < this.armedAt) this.arm(dueAt);
  }

  /** Looks for due timers now (tests move their clock, then wake the scheduler). */
  async wake(): Promise<void> {
    await this.running;
    if (this.stopped) return;
    this.clear();
    await this.round();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.clear();
    await this.running;
  }

  private clear(): void {
    if (this.armed) clearTimeout(this.armed);
    this.armed = undefined;
    this.armedAt = Number.POSITIVE_INFINITY;
  }

  private arm(at: number): void {
    this.clear();
    if (this.stopped) return;
    const now = this.options.now();
    const delay = Math.max(0, Math.min(at - now, this.options.recheckMs));
    this.armedAt = now + delay;
    this.armed = setTimeout(() => {
      this.armed = undefined;
      this.armedAt = Number.POSITIVE_INFINITY;
      void this.round();
    }, delay);
    this.armed.unref();
  }

  private round(): Promise<void> {
    if (this.running) return this.running;
    this.running = this.fireDue().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async fireDue(): Promise<void> {
    let next: number;
    try {
      // Two batches in flight: the next one is claimed and planned while the last one is written.
      const inflight = new Set<Promise<void>>();
      try {
        for (;;) {
          if (this.stopped) break;
          const claimed = await this.store.claimDue({
            owner: this.options.owner,
            limit: this.options.batchSize,
            leaseMs: this.options.leaseMs,
            now: this.options.now(),
          });
          if (claimed.length) {
            const batch: Promise<void> = this.fireBatch(claimed).finally(() =>
              inflight.delete(batch),
            );
            inflight.add(batch);
          }
          if (claimed.length < this.options.batchSize) break;
          if (inflight.size >= 2) await Promise.race(inflight);
        }
      } finally {
        await Promise.all(inflight);
      }
      if (this.stopped) return;
      next = (await this.store.nextAvailableAt()) ?? Number.POSITIVE_INFINITY;
    } catch (error) {
      this.log.error({ err: error }, 'timers: could not claim due timers; trying again shortly');
      next = this.options.now() + 1000;
    }
    const notified = this.notified;
    this.notified = Number.POSITIVE_INFINITY;
    this.arm(Math.min(next, notified));
  }

  private async fireBatch(claimed: readonly ClaimedTimer[]): Promise<void> {
    const claim = claimed[0]!.claim;
    const due = claimed.map((timer) => this.dueTimer(timer));
    try {
      await this.fire(claim, due);
      return;
    } catch (error) {
      if (due.length === 1) return this.retryLater(due[0]!, error);
    }
    // One timer may be what failed the batch: fire them one by one, retry only the failures.
    for (const one of due) {
      try {
        await this.fire(claim, [one]);
      } catch (error) {
        await this.retryLater(one, error);
      }
    }
  }

  private dueTimer(timer: ClaimedTimer): DueTimer {
    const event = buildTimerEvent(
      {
        key: timer.key,
        entity: timer.entity,
        scheduledBy: (timer.scheduledBy ?? undefined) as CatalogEvent['trigger'],
      },
      this.options.now(),
    );
    return { timer, event, eventId: timerEventIdOf(timer.key, timer.dueAt) };
  }

  private async retryLater({ timer, eventId }: DueTimer, error: unknown): Promise<void> {
    const retryIn = backoffDelay(timer.attempts, { baseMs: 1000, maxMs: 60_000 });
    const { blueprint, entity, property } = timer.key;
    this.log.error(
      { err: error, eventId, blueprint, entity, property, attempt: timer.attempts },
      `timers: could not raise TIMER_EXPIRED for ${blueprint}/${entity}.${property}; retrying in ${retryIn} ms`,
    );
    await this.store
      .release(timer.claim, timer.id, {
        availableAt: this.options.now() + retryIn,
        error: error instanceof Error ? error.message : String(error),
      })
      .catch(() => undefined);
  }
}
