import type { SqlDialect } from './sql-dialect.js';

/** A row as the database returns it: JSON columns as text, BIGINT columns as numbers. */
export type SqlRow = Record<string, unknown>;

/** Runs one statement. SQL uses PostgreSQL's `$1` placeholders in both dialects. */
export interface SqlExecutor {
  all(sql: string, params?: readonly unknown[]): Promise<SqlRow[]>;
  /** Returns the number of rows changed. */
  run(sql: string, params?: readonly unknown[]): Promise<number>;
}

/**
 * A connection (SQLite) or pool (PostgreSQL) the shared query layer runs on. Outside a
 * transaction, `all` is for reads; `run` and `mutate` write in a transaction of their own
 * (SQLite groups them with others into one commit).
 */
export interface SqlDriver extends SqlExecutor {
  readonly dialect: SqlDialect;
  /** A read, prepared under `name` on PostgreSQL as `mutate` does. */
  all(sql: string, params?: readonly unknown[], name?: string): Promise<SqlRow[]>;
  /**
   * Runs a data-changing statement and returns the rows of its `RETURNING` clause. With a
   * `name`, PostgreSQL prepares the statement once per connection under that name (use it only
   * for fixed SQL with fixed result columns).
   */
  mutate(sql: string, params?: readonly unknown[], name?: string): Promise<SqlRow[]>;
  /**
   * Runs `work` in one transaction that holds the write lock from its start (SQLite:
   * `BEGIN IMMEDIATE`, nothing else runs on the connection meanwhile; PostgreSQL: one pooled
   * client, READ COMMITTED). Commits when `work` resolves, rolls back when it throws.
   */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
