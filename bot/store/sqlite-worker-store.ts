import { inspect } from 'node:util';
import { Worker } from 'node:worker_threads';
import { NO_RUN_LISTENERS } from './chain-entry.js';
import type { RunListenerSource } from './chain-entry.js';
import { DEFAULT_SQLITE_PATH } from './sqlite-store.js';
import type { EntityCatalog } from './entity-catalog.js';
import { STORE_METHODS } from './store-methods.js';
import type { StoreTarget } from './store-methods.js';
import type { Store } from './store.js';
import type { TimerStore } from './timer-store.js';
import { errorFromData, MessageBatcher } from './writer-thread-protocol.js';
import type {
  FromWriter,
  ToWriter,
  WriterSqliteOptions,
  WriterThreadData,
} from './writer-thread-protocol.js';

/** The SQLite store's options (see `createSqliteStore`), and what the thread is told of. */
export interface SqliteWorkerStoreOptions extends WriterSqliteOptions {
  /** Which run changes raise run events; the writer thread is told of every change. */
  readonly listeners?: RunListenerSource;
  /** Epoch ms in shared memory (a `SharedArrayBuffer`), read instead of `Date.now()`: tests. */
  readonly clock?: Float64Array;
}

interface Pending {
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
}

/**
 * The embedded store with its own thread: the SQLite store (`createSqliteStore`) runs in a
 * worker (`sqlite-writer-thread.ts`) and this `Store` posts each call to it, so statements,
 * commits and row decoding leave the main thread's event loop. Same database, same promises:
 * a call is answered after its group's commit (and, with FULL, its sync). Call `migrate()` first.
 */
export function createSqliteWorkerStore(options: SqliteWorkerStoreOptions = {}): Store {
  const { listeners, clock, ...sqlite } = options;
  const data: WriterThreadData = {
    sqlite,
    listeners: listeners?.runListeners() ?? NO_RUN_LISTENERS,
    ...(clock ? { clock } : {}),
  };
  const path = sqlite.path ?? DEFAULT_SQLITE_PATH;
  return new WriterThread(startWriter(data), path, listeners).store;
}

/** From compiled `lib/` the thread runs its `.js`; from TypeScript sources (tests), through tsx. */
function startWriter(workerData: WriterThreadData): Worker {
  const here = import.meta.url;
  if (!here.endsWith('.ts'))
    return new Worker(new URL('./sqlite-writer-thread.js', here), { workerData });
  const entry = JSON.stringify(new URL('./sqlite-writer-thread.ts', here).href);
  const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${entry}); });`;
  return new Worker(boot, { eval: true, workerData });
}

const UNUSABLE = ' (the store takes no more calls; fix the cause and restart switchyard)';

/** An exception as the 'error' event carries it: an Error, or a structured copy of anything. */
function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : inspect(error, { depth: 2, breakLength: Infinity });
}

class WriterThread {
  readonly store: Store;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private readonly outgoing = new MessageBatcher<ToWriter>((batch) =>
    this.worker.postMessage(batch),
  );
  private stopped: Error | null = null;
  private closed: Promise<void> | null = null;
  private onClosed: ((error?: Error) => void) | null = null;

  constructor(
    private readonly worker: Worker,
    private readonly path: string,
    listeners: RunListenerSource | undefined,
  ) {
    // Referenced only while a call is in flight: an idle store does not keep the process alive.
    worker.unref();
    worker.on('message', (batch: FromWriter[]) => {
      for (const message of batch) this.receive(message);
    });
    worker.on('error', (error: unknown) => this.fail(describe(error)));
    worker.on('exit', (code) =>
      this.stop(
        new Error(`the SQLite writer thread of ${path} exited with code ${code}${UNUSABLE}`),
      ),
    );
    const unsubscribe = listeners?.onChange(() =>
      this.post({ type: 'listeners', listeners: listeners.runListeners() }),
    );
    this.store = {
      ...this.remote<Omit<Store, 'dialect' | 'timers' | 'entities' | 'close'>>('store'),
      dialect: 'sqlite',
      timers: this.remote<TimerStore>('timers'),
      entities: this.remote<EntityCatalog>('entities'),
      close: () => {
        unsubscribe?.();
        return this.close();
      },
    };
  }

  /** The methods of `target` (all of them: see `STORE_METHODS`), each posting its call. */
  private remote<T>(target: StoreTarget): T {
    return Object.fromEntries(
      STORE_METHODS[target].map((method) => [
        method,
        (...args: unknown[]) => this.call(target, method, args),
      ]),
    ) as T;
  }

  private call(target: StoreTarget, method: string, args: unknown[]): Promise<unknown> {
    if (this.closed)
      return Promise.reject(
        new Error(
          `the SQLite store of ${this.path} is closed: ${target}.${method} came after close()`,
        ),
      );
    if (this.stopped) return Promise.reject(this.stopped);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      if (this.pending.size === 1) this.worker.ref();
      this.post({ type: 'call', id, target, method, args });
    });
  }

  private post(message: ToWriter): void {
    if (this.stopped === null) this.outgoing.add(message);
  }

  private receive(message: FromWriter): void {
    if (message.type === 'fatal') {
      const { name, message: text, stack } = message.error;
      this.fail(name === 'Error' ? text : `${name}: ${text}`, stack);
      return;
    }
    if (message.type === 'closed') {
      this.onClosed?.(message.error && errorFromData(message.error));
      return;
    }
    const pending = this.settle(message.id);
    if (message.type === 'done') pending?.resolve(message.value);
    else pending?.reject(errorFromData(message.error));
  }

  private settle(id: number): Pending | undefined {
    const pending = this.pending.get(id);
    this.pending.delete(id);
    if (this.pending.size === 0 && this.closed === null) this.worker.unref();
    return pending;
  }

  /** The thread failed with `why`: it ends, and the store with it. */
  private fail(why: string, stack?: string): void {
    const error = new Error(`the SQLite writer thread of ${this.path} failed: ${why}${UNUSABLE}`);
    // Where in the thread it was thrown, after this thread's own frames.
    if (stack !== undefined) error.stack = `${error.stack ?? ''}\nthrown in the thread:\n${stack}`;
    this.stop(error);
  }

  /** The thread is gone: every call in flight, and every later one, fails with why. */
  private stop(error: Error): void {
    if (this.stopped) return;
    this.stopped = error;
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
    // Closing and the thread died before it confirmed: close() rejects with why.
    this.onClosed?.(error);
  }

  private close(): Promise<void> {
    this.closed ??= new Promise<void>((resolve, reject) => {
      if (this.stopped) return resolve();
      // Posted after every call already made: they are answered before the database closes.
      this.worker.ref();
      this.onClosed = (error) => {
        this.onClosed = null;
        void this.worker.terminate().then(() => (error ? reject(error) : resolve()));
      };
      this.post({ type: 'close' });
    });
    return this.closed;
  }
}
