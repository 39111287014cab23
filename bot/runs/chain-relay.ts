import type { BotContext } from '../bot-context.js';
import type { ChainEntry } from '../store/chain-entry.js';
import { fireRunEvent } from './fire-run-event.js';

export interface ChainRelayOptions {
  /** This replica's id: only it completes what it claimed. */
  readonly owner: string;
  /**
   * How long a claim lasts. Ingesting an entry twice is harmless (its event id dedupes), so a
   * lease that ends early costs only repeated work; one whose owner died ends by itself.
   */
  readonly leaseMs?: number;
  /** How often to look for entries when nothing wakes the relay. */
  readonly pollMs?: number;
  /** Entries claimed at once. */
  readonly batch?: number;
}

/**
 * Ingests the run events (RUN_CREATED / RUN_UPDATED) the store queued with run changes, in the
 * order they were queued, through the normal ingest path; an entry is removed only once its
 * event is stored, so after a crash the next claim ingests it (once: the event id dedupes).
 */
export class ChainRelay {
  private running = false;
  private wake: (() => void) | undefined;
  private loopDone: Promise<void> | undefined;

  constructor(
    private readonly ctx: BotContext,
    private readonly options: ChainRelayOptions,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loopDone = this.loop();
  }

  /** A run changed: its event may be waiting. */
  notify(): void {
    this.wake?.();
  }

  /** Stops claiming and waits for the entry being ingested. */
  async stop(): Promise<void> {
    this.running = false;
    this.notify();
    await this.loopDone;
  }

  private async loop(): Promise<void> {
    const { owner, leaseMs = 10_000, pollMs = 500, batch = 16 } = this.options;
    while (this.running) {
      let claimed: ChainEntry[] = [];
      try {
        claimed = await this.ctx.store.claimChainEntries({ owner, limit: batch, leaseMs });
      } catch (error) {
        this.ctx.log.error({ err: error }, 'could not claim run events; retrying');
      }
      for (const entry of claimed) await this.relay(entry);
      if (claimed.length < batch && this.running) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, pollMs);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wake = undefined;
      }
    }
  }

  private async relay(entry: ChainEntry): Promise<void> {
    try {
      await fireRunEvent(this.ctx, entry.after, entry.before);
      await this.ctx.store.completeChainEntry(entry.id, this.options.owner);
    } catch (error) {
      // The entry stays claimed: it is due again when the lease ends.
      this.ctx.log.error(
        { err: error, runId: entry.after.id, eventId: entry.id, attempt: entry.attempt },
        `could not raise ${entry.before ? 'RUN_UPDATED' : 'RUN_CREATED'}; retrying`,
      );
    }
  }
}
