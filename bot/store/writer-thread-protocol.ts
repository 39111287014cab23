import { EntitySearchError } from '../../core/entities/match-entity-search.js';
import type { RunListeners } from './chain-entry.js';
import type { SqliteStoreOptions } from './sqlite-store.js';
import type { StoreTarget } from './store-methods.js';
import { StoreError } from './store-error.js';
import type { StoreErrorCode } from './store-error.js';

/** The SQLite store's options that can cross to another thread (no functions). */
export type WriterSqliteOptions = Pick<
  SqliteStoreOptions,
  'path' | 'synchronous' | 'cacheMiB' | 'secrets'
>;

/** What the SQLite writer thread is started with. */
export interface WriterThreadData {
  readonly sqlite: WriterSqliteOptions;
  readonly listeners: RunListeners;
  /** Epoch ms in shared memory instead of `Date.now()` (a test's clock). */
  readonly clock?: Float64Array;
}

/** Posted in batches: every message of one turn of the event loop in one `postMessage`. */
export type ToWriter =
  | {
      readonly type: 'call';
      readonly id: number;
      readonly target: StoreTarget;
      readonly method: string;
      readonly args: readonly unknown[];
    }
  | { readonly type: 'listeners'; readonly listeners: RunListeners }
  | { readonly type: 'close' };

/** Posted in batches, as `ToWriter`. */
export type FromWriter =
  | { readonly type: 'done'; readonly id: number; readonly value: unknown }
  | { readonly type: 'failed'; readonly id: number; readonly error: ErrorData }
  | { readonly type: 'closed'; readonly error?: ErrorData }
  /** An exception nothing in the thread caught: the thread ends after posting it. */
  | { readonly type: 'fatal'; readonly error: ErrorData };

/**
 * Collects messages and posts them as one array at the end of the turn: a structured clone and
 * a wake-up of the other thread per turn instead of per call.
 */
export class MessageBatcher<T> {
  private batch: T[] = [];

  constructor(private readonly post: (batch: T[]) => void) {}

  add(message: T): void {
    if (this.batch.length === 0) setImmediate(() => this.flush());
    this.batch.push(message);
  }

  private flush(): void {
    const batch = this.batch;
    if (batch.length === 0) return;
    this.batch = [];
    this.post(batch);
  }
}

/** An error as the structured clone carries it: the classes callers test for are rebuilt. */
export interface ErrorData {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
  readonly code?: string;
  readonly runId?: string;
}

export function errorData(error: unknown): ErrorData {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const { code, runId } = error as { code?: unknown; runId?: unknown };
  return {
    name: error.name,
    message: error.message,
    ...(error.stack === undefined ? {} : { stack: error.stack }),
    ...(typeof code === 'string' ? { code } : {}),
    ...(typeof runId === 'string' ? { runId } : {}),
  };
}

export function errorFromData(data: ErrorData): Error {
  const error =
    data.name === 'StoreError'
      ? new StoreError(data.code as StoreErrorCode, data.message, data.runId)
      : data.name === 'EntitySearchError'
        ? new EntitySearchError(data.message)
        : Object.assign(new Error(data.message), {
            name: data.name,
            ...(data.code === undefined ? {} : { code: data.code }),
          });
  if (data.stack !== undefined) error.stack = data.stack;
  return error;
}
