interface Pending<Item, Answer> {
  readonly item: Item;
  readonly resolve: (answer: Answer) => void;
  readonly reject: (error: unknown) => void;
}

export interface StatementBatcherOptions<Item> {
  /** Batches written at once (each holds one pooled connection while it runs). */
  readonly maxInFlight: number;
  /** Items per batch at most. */
  readonly maxBatch: number;
  /** Items with the same key never share a batch (a later one waits for the next). */
  readonly key: (item: Item) => string;
}

/**
 * Group commit for PostgreSQL writes (`recordEvent`, delivery results): calls that arrive while
 * `maxInFlight` batches are being written wait and then go together, as one multi-row
 * statement, one round trip and one commit; each caller is answered once its batch has
 * committed, so an answer still means its write is on disk. An item whose key is already in
 * the batch being formed waits for the next one (an event id: there it is a duplicate; a run:
 * one statement writes a row once). When a batch fails, each of its items is written again
 * alone, so one bad item fails only its own caller and the others still commit.
 */
export class StatementBatcher<Item, Answer> {
  private queue: Pending<Item, Answer>[] = [];
  private inFlight = 0;
  private scheduled = false;
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly write: (batch: readonly Item[]) => Promise<Answer[]>,
    private readonly options: StatementBatcherOptions<Item>,
  ) {}

  add(item: Item): Promise<Answer> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  /** Resolves once every item asked for so far has been answered. */
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
      const batch: Pending<Item, Answer>[] = [];
      const keys = new Set<string>();
      const later: Pending<Item, Answer>[] = [];
      for (const pending of this.queue) {
        const key = this.options.key(pending.item);
        if (batch.length < this.options.maxBatch && !keys.has(key)) {
          keys.add(key);
          batch.push(pending);
        } else {
          later.push(pending);
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

  private async run(batch: readonly Pending<Item, Answer>[]): Promise<void> {
    let answers: Answer[];
    try {
      answers = await this.write(batch.map((pending) => pending.item));
    } catch (error) {
      if (batch.length === 1) {
        batch[0]!.reject(error);
        return;
      }
      // Nothing of the batch was committed: find the item that failed it.
      await Promise.all(batch.map((pending) => this.run([pending])));
      return;
    }
    batch.forEach((pending, i) => pending.resolve(answers[i]!));
  }
}
