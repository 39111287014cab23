import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Statement } from 'better-sqlite3';
import { sqliteDialect } from './sql-dialect.js';
import type { SqlDriver, SqlExecutor, SqlRow } from './sql-driver.js';
import { SqlStore } from './sql-store.js';
import type { SqlStoreOptions } from './sql-store.js';
import { WalSync } from './wal-sync.js';

export const DEFAULT_SQLITE_PATH = '.switchyard/switchyard.db';

export interface SqliteStoreOptions extends SqlStoreOptions {
  /** Database file, created with its directory; `:memory:` for a private in-memory database. */
  readonly path?: string;
  /**
   * `FULL` (default): a commit survives power loss. `NORMAL`: survives a crash of the process
   * only, but commits without fsync. Group commit makes `FULL` cheap under load.
   */
  readonly synchronous?: 'FULL' | 'NORMAL';
  readonly busyTimeoutMs?: number;
  /** Page cache in MiB (default 64): event ids are the sender's (often random), so the events
   * index is written all over; a cache that holds it keeps inserts off the disk. */
  readonly cacheMiB?: number;
}

/** The embedded store: one SQLite file in WAL mode. Call `migrate()` before use. */
export function createSqliteStore(options: SqliteStoreOptions = {}): SqlStore {
  const path = options.path ?? DEFAULT_SQLITE_PATH;
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
  // Opening may meet another process's lock once; later waits are asynchronous (see below).
  db.pragma(`busy_timeout = ${busyTimeoutMs}`);
  db.pragma('journal_mode = WAL');
  // FULL is NORMAL plus a sync of the WAL file after each commit, which WalSync makes off the
  // event loop (see there).
  const full = (options.synchronous ?? 'FULL') === 'FULL' && path !== ':memory:';
  db.pragma('synchronous = NORMAL');
  db.pragma(`cache_size = ${-1024 * (options.cacheMiB ?? 64)}`);
  db.pragma('busy_timeout = 0');
  const walSync = full ? new WalSync(`${db.name}-wal`) : null;
  return new SqlStore(new SqliteDriver(db, busyTimeoutMs, walSync), options);
}

interface Prepared {
  readonly statement: Statement<unknown[], SqlRow>;
  /** For each `?` in order, the index of the `$n` parameter it stands for. */
  readonly order: number[];
}

interface QueuedTransaction {
  readonly work: (tx: SqlExecutor) => Promise<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * better-sqlite3 is synchronous: a statement never yields. A transaction's work is async (the
 * shared query layer awaits), so the connection is guarded by a lock: while a transaction is
 * open, every other statement waits for it instead of running inside it.
 *
 * Group commit: transactions requested in the same turn of the event loop run one after the
 * other inside one `BEGIN IMMEDIATE … COMMIT`, each in its own savepoint (a failing one is rolled
 * back alone), and each caller is answered after the shared COMMIT and, with `FULL`, after the
 * sync of the WAL file that follows it (WalSync, in the thread pool; the next group runs
 * meanwhile). One sync then makes many writes durable, which is what lets `synchronous = FULL`
 * keep up with thousands of events/s. A read outside a transaction may see a commit whose sync
 * is still in flight; no write is acknowledged, and no delivery is claimed, before its sync.
 *
 * SQLite's own busy handler would spin synchronously while another connection holds the write
 * lock, freezing the event loop, so a holder in this process could never commit. The connection
 * therefore has `busy_timeout = 0`, and a busy database is retried here, asynchronously, with
 * backoff, until `busyTimeoutMs` has passed.
 */
class SqliteDriver implements SqlDriver {
  readonly dialect = sqliteDialect;
  private readonly prepared = new Map<string, Prepared>();
  private locked = false;
  private readonly waiting: (() => void)[] = [];
  private queued: QueuedTransaction[] = [];
  private draining = false;
  private readonly direct: SqlExecutor = {
    all: async (sql, params) => this.allNow(sql, params),
    run: async (sql, params) => this.runNow(sql, params),
  };

  constructor(
    private readonly db: Database.Database,
    private readonly busyTimeoutMs: number,
    /** Null when commits need no sync of their own (`NORMAL`, `:memory:`). */
    private readonly walSync: WalSync | null,
    private readonly maxGroup = 1000,
  ) {}

  all(sql: string, params: readonly unknown[] = []): Promise<SqlRow[]> {
    return this.exclusive(() => this.allNow(sql, params));
  }

  /** Writes go through a (grouped) transaction too, so they share its commit. */
  run(sql: string, params: readonly unknown[] = []): Promise<number> {
    return this.transaction((tx) => tx.run(sql, params));
  }

  mutate(sql: string, params: readonly unknown[] = []): Promise<SqlRow[]> {
    return this.transaction((tx) => tx.all(sql, params));
  }

  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queued.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.draining) {
        this.draining = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  async close(): Promise<void> {
    // Queued behind every write already requested: they commit before the connection closes.
    await this.transaction(async () => undefined);
    await this.lock();
    try {
      await this.walSync?.close();
      this.db.close();
    } finally {
      this.unlock();
    }
  }

  private async drain(): Promise<void> {
    await this.lock();
    try {
      while (this.queued.length > 0) await this.commitGroup();
    } finally {
      this.draining = false;
      this.unlock();
    }
  }

  private async commitGroup(): Promise<void> {
    const group: { item: QueuedTransaction; ok: boolean; outcome: unknown }[] = [];
    try {
      await this.whenNotBusy(() => this.runNow('BEGIN IMMEDIATE'));
      // Transactions queued while earlier ones run (their awaits) join this group.
      while (this.queued.length > 0 && group.length < this.maxGroup) {
        const entry: (typeof group)[number] = {
          item: this.queued.shift()!,
          ok: false,
          outcome: undefined,
        };
        group.push(entry);
        this.runNow('SAVEPOINT grouped');
        try {
          entry.outcome = await entry.item.work(this.direct);
          entry.ok = true;
        } catch (error) {
          entry.outcome = error;
          this.runNow('ROLLBACK TO grouped');
        }
        this.runNow('RELEASE grouped');
      }
      this.runNow('COMMIT');
    } catch (error) {
      if (this.db.open && this.db.inTransaction) this.runNow('ROLLBACK');
      // Nothing of the group was committed: every caller in it learns why.
      const failed = group.length > 0 ? group.map((g) => g.item) : this.queued.splice(0);
      for (const item of failed) item.reject(error);
      return;
    }
    const answer = (): void => {
      for (const { item, ok, outcome } of group) {
        if (ok) item.resolve(outcome);
        else item.reject(outcome);
      }
    };
    // The next group runs while this one's sync is in flight; its callers wait for the sync.
    if (this.walSync === null) answer();
    else
      this.walSync.afterCommit().then(answer, (error: unknown) => {
        for (const { item } of group) item.reject(error);
      });
  }

  private async exclusive<T>(statement: () => T): Promise<T> {
    if (!this.locked) {
      try {
        return statement();
      } catch (error) {
        if (!isBusy(error)) throw error;
      }
    }
    await this.lock();
    try {
      return await this.whenNotBusy(statement);
    } finally {
      this.unlock();
    }
  }

  private async whenNotBusy<T>(statement: () => T): Promise<T> {
    const deadline = Date.now() + this.busyTimeoutMs;
    for (let delay = 1; ; delay = Math.min(delay * 2, 50)) {
      try {
        return statement();
      } catch (error) {
        if (!isBusy(error) || Date.now() >= deadline) throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, delay * (0.5 + Math.random())));
    }
  }

  private allNow(sql: string, params: readonly unknown[] = []): SqlRow[] {
    const { statement, order } = this.prepare(sql);
    const values = bind(params, order);
    if (statement.reader) return statement.all(...values);
    statement.run(...values);
    return [];
  }

  private runNow(sql: string, params: readonly unknown[] = []): number {
    const { statement, order } = this.prepare(sql);
    const values = bind(params, order);
    if (statement.reader) return statement.all(...values).length;
    return statement.run(...values).changes;
  }

  private prepare(sql: string): Prepared {
    let prepared = this.prepared.get(sql);
    if (prepared === undefined) {
      const order: number[] = [];
      const text = sql.replace(/\$(\d+)/g, (_, n: string) => {
        order.push(Number(n) - 1);
        return '?';
      });
      prepared = { statement: this.db.prepare<unknown[], SqlRow>(text), order };
      this.prepared.set(sql, prepared);
    }
    return prepared;
  }

  private async lock(): Promise<void> {
    if (!this.locked) {
      this.locked = true;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private unlock(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.locked = false;
  }
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code === 'SQLITE_LOCKED');
}

function bind(params: readonly unknown[], order: readonly number[]): unknown[] {
  return order.map((index) => {
    const value = params[index];
    if (value === undefined) return null;
    if (typeof value === 'boolean') return value ? 1 : 0;
    return value;
  });
}
