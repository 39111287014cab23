import pg from 'pg';
import type { PoolClient } from 'pg';
import { postgresDialect } from './sql-dialect.js';
import type { SqlDriver, SqlExecutor, SqlRow } from './sql-driver.js';
import { SqlStore } from './sql-store.js';
import type { SqlStoreOptions } from './sql-store.js';

export interface PostgresStoreOptions extends SqlStoreOptions {
  /** `postgres://user@host:port/database` (`DATABASE_URL`). */
  readonly connectionString: string;
  /** Schema for every table (`search_path`); default: the server's default (`public`). */
  readonly schema?: string;
  /** Pool size; default 10. */
  readonly maxConnections?: number;
  /** Errors of idle pooled connections (e.g. the server restarted); default: ignored. */
  readonly onPoolError?: (error: Error) => void;
}

const INT8_OID = 20;
const JSON_OIDS = new Set([114, 3802]);

// Rows must look the same as SQLite's: BIGINT (epoch ms) as numbers, JSON as its text.
const typeParsers = {
  getTypeParser(oid: number, format?: 'text' | 'binary'): (value: string) => unknown {
    if (oid === INT8_OID) return Number;
    if (JSON_OIDS.has(oid)) return (value: string) => value;
    return pg.types.getTypeParser(oid, format ?? 'text') as (value: string) => unknown;
  },
};

/** The shared store: a `pg` pool; many replicas may use one database. Call `migrate()` first. */
export function createPostgresStore(options: PostgresStoreOptions): SqlStore {
  if (options.schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(options.schema)) {
    throw new Error(`invalid PostgreSQL schema name "${options.schema}"`);
  }
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 10,
    // What `pg_stat_activity` shows a database administrator for these connections.
    application_name: 'switchyard',
    types: typeParsers as pg.CustomTypesConfig,
    ...(options.schema === undefined ? {} : { options: `-c search_path=${options.schema}` }),
  });
  pool.on('error', options.onPoolError ?? (() => undefined));
  return new SqlStore(new PostgresDriver(pool), {
    ...options,
    // Group commit: a few batches at once leave the rest of the pool to the other queries.
    batchesInFlight: Math.max(1, Math.floor((options.maxConnections ?? 10) / 3)),
  });
}

class PostgresDriver implements SqlDriver {
  readonly dialect = postgresDialect;

  constructor(private readonly pool: pg.Pool) {}

  async all(sql: string, params: readonly unknown[] = [], name?: string): Promise<SqlRow[]> {
    const values = [...params];
    const config = name === undefined ? { text: sql, values } : { name, text: sql, values };
    return (await this.pool.query<SqlRow>(config)).rows;
  }

  async run(sql: string, params: readonly unknown[] = []): Promise<number> {
    return (await this.pool.query(sql, [...params])).rowCount ?? 0;
  }

  mutate(sql: string, params: readonly unknown[] = [], name?: string): Promise<SqlRow[]> {
    return this.all(sql, params, name);
  }

  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken = false;
    try {
      await client.query('BEGIN');
      try {
        const result = await work(clientExecutor(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {
          broken = true;
        });
        throw error;
      }
    } finally {
      client.release(broken);
    }
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

function clientExecutor(client: PoolClient): SqlExecutor {
  return {
    all: async (sql, params = []) => (await client.query<SqlRow>(sql, [...params])).rows,
    run: async (sql, params = []) => (await client.query(sql, [...params])).rowCount ?? 0,
  };
}
