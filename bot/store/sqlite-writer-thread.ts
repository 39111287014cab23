/**
 * The SQLite writer thread: a worker that holds the database and answers `Store` calls posted
 * by `createSqliteWorkerStore`, so better-sqlite3's statements, commits and row decoding run on
 * the second core while the main thread serves HTTP. Calls that arrive in one turn share one
 * group commit, as they would in the main thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { chainFilterOf } from './chain-entry.js';
import type { RunListeners } from './chain-entry.js';
import { createSqliteStore } from './sqlite-store.js';
import { STORE_METHODS } from './store-methods.js';
import { errorData, MessageBatcher } from './writer-thread-protocol.js';
import type { FromWriter, ToWriter, WriterThreadData } from './writer-thread-protocol.js';

const port = parentPort!;
// Installed before the store opens, so a failure to open is reported this way too. The
// 'error' event would carry a structured copy of the exception, which drops the message of
// anything that is not an Error (a DOMException such as DataCloneError arrives as `{}`).
process.on('uncaughtException', (error) => {
  port.postMessage([{ type: 'fatal', error: errorData(error) } satisfies FromWriter]);
  process.exit(1);
});
const data = workerData as WriterThreadData;
let listeners: RunListeners = data.listeners;
const store = createSqliteStore({
  ...data.sqlite,
  chains: chainFilterOf(() => listeners),
  ...(data.clock ? { now: () => data.clock![0]! } : {}),
});
const targets = { store, timers: store.timers, entities: store.entities };

const replies = new MessageBatcher<FromWriter>((batch) => {
  try {
    port.postMessage(batch);
  } catch {
    // A value the structured clone cannot carry: each caller learns why instead of waiting.
    for (const message of batch) {
      try {
        port.postMessage([message]);
      } catch (error) {
        if (message.type !== 'done') throw error;
        port.postMessage([{ type: 'failed', id: message.id, error: errorData(error) }]);
      }
    }
  }
});
const post = (message: FromWriter): void => replies.add(message);

port.on('message', (batch: ToWriter[]) => {
  for (const message of batch) receive(message);
});

function receive(message: ToWriter): void {
  if (message.type === 'listeners') {
    listeners = message.listeners;
  } else if (message.type === 'close') {
    store.close().then(
      () => post({ type: 'closed' }),
      (error: unknown) => post({ type: 'closed', error: errorData(error) }),
    );
  } else {
    const { id, target, method, args } = message;
    const allowed: readonly string[] = STORE_METHODS[target];
    const object = targets[target] as unknown as Record<string, (...a: unknown[]) => unknown>;
    new Promise((resolve) => {
      if (!allowed.includes(method))
        throw new Error(`the SQLite writer has no ${target}.${method}`);
      resolve(object[method]!(...args));
    }).then(
      (value) => post({ type: 'done', id, value }),
      (error: unknown) => post({ type: 'failed', id, error: errorData(error) }),
    );
  }
}
