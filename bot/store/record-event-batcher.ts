import type { EventToInsert } from './insert-event-in-one-statement.js';
import type { RecordEventResult } from './store.js';

interface Pending extends EventToInsert {
  readonly resolve: (result: RecordEventResult) => void;
  readonly reject: (error: unknown) => void;
}

export interface RecordEventBatcherOptions {
  /** Batches written at once (each holds one pooled connection while it runs). */
  readonly maxInFlight: number;
  /** Events per batch at most. */
  readonly maxBatch: number;
}

/**
 * Group commit for `recordEvent` (PostgreSQL): calls that arrive while `maxInFlight` batches
 * are being written wait and then go together, as one multi-row statement, one round trip and
 * one commit; each caller is answered once its batch has committed, so an answer still means
 * the event and its runs are on disk. An event id already in the batch being formed waits for
 * the next one (where it is a duplicate). When a batch fails, each of its events is written
 * again alone, so one bad event fails only its own caller and the others still commit.
 */
export class RecordEventBatcher {
  private queue: Pending[] = [];
  private inFlight = 0;
  private scheduled = false;
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly write: (batch: readonly EventToInsert[]) => Promise<RecordEventResult[]>,
    private readonly options: RecordEventBatcherOptions,
  ) {}

  record(item: EventToInsert): Promise<RecordEventResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ ...item, resolve, reject });
      this.schedule();
    });
  }

  /** Resolves once every event asked for so far has been answered. */
  async drain(): Promise<void> {
    while (this.queue.length > 0 || this.running.size > 0) {
      if (this.running.size === 0) await new Promise((resolve) => setImmediate(resolve));
      else await Promise.all(this.running);
    }
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.options.maxInFlight) return;
    this.scheduled = true;
    // Calls made in this turn of the event loop join the batch.
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    while (this.queue.length > 0 && this.inFlight < this.options.maxInFlight) {
      const batch: Pending[] = [];
      const ids = new Set<string>();
      const later: Pending[] = [];
      for (const item of this.queue) {
        if (batch.length < this.options.maxBatch && !ids.has(item.event.id)) {
          ids.add(item.event.id);
          batch.push(item);
        } else {
          later.push(item);
        }
      }
      this.queue = later;
      this.inFlight++;
      const running: Promise<void> = this.run(batch).finally(() => {
        this.inFlight--;
        this.running.delete(running);
        if (this.queue.length > 0) this.schedule();
      });
      this.running.add(running);
    }
  }

  private async run(batch: readonly Pending[]): Promise<void> {
    let results: RecordEventResult[];
    try {
      results = await this.write(batch);
    } catch (error) {
      if (batch.length === 1) {
        batch[0]!.reject(error);
        return;
      }
      // Nothing of the batch was committed: find the event that failed it.
      await Promise.all(batch.map((item) => this.run([item])));
      return;
    }
    batch.forEach((item, i) => item.resolve(results[i]!));
  }
}
