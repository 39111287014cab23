import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Statement } from 'better-sqlite3';
import { sqliteDialect } from './sql-dialect.js';
import type { SqlDriver, SqlExecutor, SqlRow } from './sql-driver.js';
import { SqlStore } from './sql-store.js';
import type { SqlStoreOptions } from './sql-store.js';

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
  db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
  db.pragma('busy_timeout = 0');
  return new SqlStore(new SqliteDriver(db, busyTimeoutMs), { groupCommit: true, ...options });
}

interface Prepared {
  readonly statement: Statement<unknown[], SqlRow>;
  /** For each `?` in order, the index of the `$n` parameter it stands for. */
  readonly order: number[];
}

/**
 * better-sqlite3 is synchronous: a statement never yields. A transaction's work is async (the
 * shared query layer awaits), so the connection is guarded by a lock: while a transaction is
 * open, every other statement waits for it instead of running inside it.
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
  private readonly direct: SqlExecutor = {
    all: async (sql, params) => this.allNow(sql, params),
    run: async (sql, params) => this.runNow(sql, params),
  };

  constructor(
    private readonly db: Database.Database,
    private readonly busyTimeoutMs: number,
  ) {}

  all(sql: string, params: readonly unknown[] = []): Promise<SqlRow[]> {
    return this.exclusive(() => this.allNow(sql, params));
  }

  run(sql: string, params: readonly unknown[] = []): Promise<number> {
    return this.exclusive(() => this.runNow(sql, params));
  }

  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    await this.lock();
    try {
      await this.whenNotBusy(() => this.runNow('BEGIN IMMEDIATE'));
      try {
        const result = await work(this.direct);
        this.runNow('COMMIT');
        return result;
      } catch (error) {
        if (this.db.inTransaction) this.runNow('ROLLBACK');
        throw error;
      }
    } finally {
      this.unlock();
    }
  }

  async close(): Promise<void> {
    await this.lock();
    try {
      this.db.close();
    } finally {
      this.unlock();
    }
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
