/** Every place where SQLite and PostgreSQL SQL differ; everything else is shared. */
export interface SqlDialect {
  readonly name: 'sqlite' | 'postgres';
  /** Column type of JSON documents (kept as text exactly as written: `json`, not `jsonb`). */
  readonly jsonType: string;
  /** An auto-numbered primary key column type. */
  readonly serialPrimaryKey: string;
  /** Appended to a `SELECT` inside a transaction that will update the rows it read. */
  readonly lockRows: string;
  /** Appended to the `SELECT` of due outbox rows: skip rows another replica is claiming. */
  readonly skipLocked: string;
  /** Statements run first in the migration transaction so replicas migrate one at a time. */
  readonly migrationLock: readonly string[];
}

export const sqliteDialect: SqlDialect = {
  name: 'sqlite',
  jsonType: 'TEXT',
  serialPrimaryKey: 'INTEGER PRIMARY KEY',
  // BEGIN IMMEDIATE already holds the database's single write lock.
  lockRows: '',
  skipLocked: '',
  migrationLock: [],
};

export const postgresDialect: SqlDialect = {
  name: 'postgres',
  jsonType: 'JSON',
  serialPrimaryKey: 'BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY',
  lockRows: ' FOR UPDATE',
  skipLocked: ' FOR UPDATE SKIP LOCKED',
  // Per schema, so stores in different schemas (tests) do not wait for each other.
  migrationLock: [
    "SELECT pg_advisory_xact_lock(hashtext('switchyard.migrate.' || current_schema()))",
  ],
};
