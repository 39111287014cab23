import type { SqlDriver, SqlExecutor } from './sql-driver.js';

interface Pending<I, O> {
  readonly input: I;
  readonly resolve: (output: O) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Batches writes that arrive while the event loop is busy into one transaction, so one commit
 * (one fsync) makes many of them durable. Each caller is answered only after that commit. If the
 * batch fails, every write is retried alone, so one bad write fails only its own caller.
 */
export class GroupCommit<I, O> {
  private queue: Pending<I, O>[] = [];
  private scheduled = false;

  constructor(
    private readonly driver: SqlDriver,
    private readonly write: (tx: SqlExecutor, input: I) => Promise<O>,
    private readonly maxBatch = 512,
  ) {}

  submit(input: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ input, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    const batch = this.queue.splice(0, this.maxBatch);
    if (this.queue.length > 0) setImmediate(() => void this.flush());
    else this.scheduled = false;
    let outputs: O[];
    try {
      outputs = await this.driver.transaction(async (tx) => {
        const done: O[] = [];
        for (const item of batch) done.push(await this.write(tx, item.input));
        return done;
      });
    } catch (error) {
      if (batch.length === 1) return batch[0]!.reject(error);
      for (const item of batch) await this.alone(item);
      return;
    }
    batch.forEach((item, i) => item.resolve(outputs[i]!));
  }

  private async alone(item: Pending<I, O>): Promise<void> {
    try {
      item.resolve(await this.driver.transaction((tx) => this.write(tx, item.input)));
    } catch (error) {
      item.reject(error);
    }
  }
}
