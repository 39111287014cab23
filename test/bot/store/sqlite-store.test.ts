import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createStore } from '../../../bot/store/create-store.js';
import { createSqliteStore } from '../../../bot/store/sqlite-store.js';
import { createSqliteWorkerStore } from '../../../bot/store/sqlite-worker-store.js';
import { NO_RUN_LISTENERS } from '../../../bot/store/chain-entry.js';
import type { Store } from '../../../bot/store/store.js';
import { describeStoreContract } from './store-contract.js';
import { aRun, anEvent, chainsOf, closeOnce, OpenedStores, TestClock } from './store-fixtures.js';
import type { StoreHarness, TestDatabase } from './store-fixtures.js';

/** A harness whose stores are opened by `openStore` on files of their own. */
function sqliteHarness(
  openStore: (path: string, options: Parameters<TestDatabase['open']>[0] & {}) => Store,
): StoreHarness {
  const root = mkdtempSync(join(tmpdir(), 'switchyard-store-'));
  const opened = new OpenedStores();
  let databases = 0;
  const harness: StoreHarness = {
    dialect: 'sqlite',
    async createDatabase(): Promise<TestDatabase> {
      const path = join(root, `db-${++databases}`, 'switchyard.db');
      return {
        async open(options = {}) {
          const store = closeOnce(openStore(path, options));
          opened.add(store);
          if (options.migrate !== false) await store.migrate();
          return store;
        },
        async sql(statement) {
          const db = new Database(path);
          try {
            const prepared = db.prepare(statement);
            if (prepared.reader) return prepared.all() as Record<string, unknown>[];
            prepared.run();
            return [];
          } finally {
            db.close();
          }
        },
      };
    },
    closeStores: () => opened.closeAll(),
    async dispose() {
      await harness.closeStores();
      rmSync(root, { recursive: true, force: true });
    },
  };
  return harness;
}

const harness = sqliteHarness((path, options) =>
  createSqliteStore({
    path,
    now: options.now,
    ...chainsOf(options.listeners),
    ...(options.secrets ? { secrets: options.secrets } : {}),
  }),
);

/** The same contract with the store in its writer thread, on the test's clock and listeners. */
const workerHarness = sqliteHarness((path, options) => {
  const clock = options.now && TestClock.sharedOf(options.now);
  if (options.now && !clock) throw new Error('the writer thread reads a TestClock only');
  const listeners = options.listeners ?? NO_RUN_LISTENERS;
  return createSqliteWorkerStore({
    path,
    ...(clock ? { clock } : {}),
    ...(options.secrets ? { secrets: options.secrets } : {}),
    listeners: { runListeners: () => listeners, onChange: () => () => undefined },
  });
});

describe('SQLite store', () => {
  describeStoreContract(harness);

  describe('file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchyard-sqlite-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('creates the file and its directory, in WAL mode with a busy timeout', async () => {
      const path = join(dir, 'nested', 'deeper', 'bot.db');
      const store = await createStore({ sqlitePath: path });
      await store.recordEvent(anEvent(), [aRun()]);
      await store.close();
      const db = new Database(path);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      db.close();
      const reopened = createSqliteStore({ path });
      expect(await reopened.listRuns()).toHaveLength(1);
      await reopened.close();
    });

    it('defaults to .switchyard/switchyard.db under the working directory', async () => {
      const cwd = process.cwd();
      process.chdir(dir);
      try {
        const store = await createStore({});
        await store.close();
        expect(existsSync(join(dir, '.switchyard', 'switchyard.db'))).toBe(true);
      } finally {
        process.chdir(cwd);
      }
    });

    it('commits the writes already requested before it closes', async () => {
      const path = join(dir, 'closing.db');
      const store = await createStore({ sqlitePath: path });
      const run = aRun();
      const pending = store.recordEvent(anEvent(), [run]);
      await store.close();
      expect((await pending).created).toBe(true);
      const reopened = createSqliteStore({ path });
      expect((await reopened.getRun(run.id))?.id).toBe(run.id);
      await reopened.close();
    });

    it('answers each of a burst of events only after it is committed', async () => {
      const path = join(dir, 'burst.db');
      const store = await createStore({ sqlitePath: path });
      const events = Array.from({ length: 300 }, () => anEvent());
      await Promise.all(events.map((event) => store.recordEvent(event, [aRun()])));
      // A second connection sees every answered event: the answers came after the commit.
      const db = new Database(path);
      const row = db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number };
      db.close();
      await store.close();
      expect(row.n).toBe(300);
    });
  });
});

describe('SQLite store in its writer thread', () => {
  describeStoreContract(workerHarness);
});
