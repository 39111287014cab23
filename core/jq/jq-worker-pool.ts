import { Worker } from 'node:worker_threads';
import { JQ_WORKER_SOURCE } from './jq-worker-source.js';
import type { WasmModule } from './load-jq-wasm.js';

/** What one jq-wasm run produced, or why it produced nothing. */
export type JqRunResult =
  | {
      readonly type: 'result';
      readonly stdout: string;
      readonly stderr: string;
      readonly exitCode: number;
    }
  | { readonly type: 'timeout' }
  | { readonly type: 'fault'; readonly message: string }
  | { readonly type: 'too-large' };

export interface JqWorkerPoolOptions {
  readonly size: number;
  readonly wasmModule: () => Promise<WasmModule>;
  readonly jqModulePath: string;
  /** JS heap bound of each worker (jq's own memory is wasm memory, capped at 256 MiB). */
  readonly maxOldGenerationSizeMb?: number;
}

interface Job {
  readonly query: string;
  readonly input: string;
  readonly timeoutMs: number | (() => number);
  readonly maxStdoutBytes: number;
  readonly resolve: (result: JqRunResult) => void;
}

interface Slot {
  worker: Promise<Worker>;
  busy: boolean;
}

let nextJobId = 1;

/**
 * A fixed number of worker threads, each holding one jq-wasm instance, plus one
 * pre-spawned standby. A job that outlives its time bound gets its worker terminated
 * (the only way to stop synchronous wasm) and the standby takes its place, so a
 * runaway program costs at most its bound and never blocks this thread.
 */
export class JqWorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private standby: Promise<Worker> | undefined;
  private closed = false;

  constructor(private readonly options: JqWorkerPoolOptions) {}

  run(
    query: string,
    input: string,
    /** A bound, or a function giving it when the job starts (≤ 0: time out at once). */
    timeoutMs: number | (() => number),
    maxStdoutBytes: number,
  ): Promise<JqRunResult> {
    if (this.closed) return Promise.resolve({ type: 'fault', message: 'jq engine is closed' });
    return new Promise((resolve) => {
      this.queue.push({ query, input, timeoutMs, maxStdoutBytes, resolve });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0))
      job.resolve({ type: 'fault', message: 'jq engine is closed' });
    const workers = [...this.slots.map((s) => s.worker), ...(this.standby ? [this.standby] : [])];
    this.slots.length = 0;
    this.standby = undefined;
    await Promise.all(
      workers.map((w) =>
        w.then(
          (worker) => worker.terminate(),
          () => undefined,
        ),
      ),
    );
  }

  private pump(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => !s.busy);
      if (!slot && this.slots.length < this.options.size) {
        slot = { worker: this.spawn(), busy: false };
        this.slots.push(slot);
        // The standby is spawned once the first worker is up, so that a cold CLI run does
        // not pay for two instances before its first result.
        void slot.worker.then(
          () => this.ensureStandby(),
          () => undefined,
        );
      }
      if (!slot) return;
      const job = this.queue.shift() as Job;
      slot.busy = true;
      void this.execute(slot, job).then((result) => {
        slot.busy = false;
        job.resolve(result);
        if (!this.closed) this.pump();
      });
    }
  }

  private async execute(slot: Slot, job: Job): Promise<JqRunResult> {
    let worker: Worker;
    try {
      worker = await slot.worker;
    } catch (error) {
      slot.worker = this.spawn();
      return { type: 'fault', message: `jq worker failed to start: ${String(error)}` };
    }
    const id = nextJobId++;
    const bound = typeof job.timeoutMs === 'function' ? job.timeoutMs() : job.timeoutMs;
    if (bound <= 0) return { type: 'timeout' };
    return new Promise<JqRunResult>((resolve) => {
      const finish = (result: JqRunResult, replace: boolean): void => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onGone);
        worker.off('exit', onGone);
        worker.unref();
        if (replace) {
          void worker.terminate();
          slot.worker = this.takeStandby();
        }
        resolve(result);
      };
      const onMessage = (message: { id?: number } & JqRunResult): void => {
        if (message.id !== id) return;
        const { type } = message;
        if (type === 'result') {
          const { stdout, stderr, exitCode } = message;
          finish({ type, stdout, stderr, exitCode }, false);
        } else if (type === 'fault') finish({ type, message: message.message }, false);
        else finish({ type: 'too-large' }, false);
      };
      const onGone = (error?: unknown): void =>
        finish({ type: 'fault', message: `jq worker stopped: ${String(error)}` }, true);
      const timer = setTimeout(() => finish({ type: 'timeout' }, true), bound);
      worker.on('message', onMessage);
      worker.once('error', onGone);
      worker.once('exit', onGone);
      worker.ref();
      worker.postMessage({
        id,
        query: job.query,
        input: job.input,
        maxStdoutBytes: job.maxStdoutBytes,
      });
    });
  }

  private takeStandby(): Promise<Worker> {
    const next = this.standby ?? this.spawn();
    this.standby = undefined;
    void next.then(
      () => this.ensureStandby(),
      () => undefined,
    );
    return next;
  }

  private ensureStandby(): void {
    if (!this.standby && !this.closed) this.standby = this.spawn();
  }

  private spawn(): Promise<Worker> {
    const promise = this.options.wasmModule().then(
      (wasmModule) =>
        new Promise<Worker>((resolve, reject) => {
          const worker = new Worker(JQ_WORKER_SOURCE, {
            eval: true,
            env: {},
            workerData: { wasmModule, jqModulePath: this.options.jqModulePath },
            resourceLimits: { maxOldGenerationSizeMb: this.options.maxOldGenerationSizeMb ?? 128 },
            stdout: true,
            stderr: true,
          });
          worker.unref();
          const onReady = (message: { type?: string }): void => {
            if (message.type !== 'ready') return;
            worker.off('message', onReady);
            worker.off('error', reject);
            resolve(worker);
          };
          worker.on('message', onReady);
          worker.once('error', reject);
        }),
    );
    promise.catch(() => undefined);
    return promise;
  }
}
