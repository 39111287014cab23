import { createPostgresStore } from './postgres-store.js';
import { createSqliteStore } from './sqlite-store.js';
import type { Store } from './store.js';

export interface StoreConfig {
  /** PostgreSQL when set (`DATABASE_URL`); SQLite otherwise. */
  readonly databaseUrl?: string;
  /** SQLite file; default `.switchyard/switchyard.db`. */
  readonly sqlitePath?: string;
  /** PostgreSQL schema (`search_path`); default `public`. */
  readonly postgresSchema?: string;
  /** Apply pending migrations before returning (default true). */
  readonly migrate?: boolean;
}

/** Opens the configured store and brings its schema up to date. */
export async function createStore(config: StoreConfig = {}): Promise<Store> {
  const store = config.databaseUrl
    ? createPostgresStore({
        connectionString: config.databaseUrl,
        ...(config.postgresSchema === undefined ? {} : { schema: config.postgresSchema }),
      })
    : createSqliteStore(config.sqlitePath === undefined ? {} : { path: config.sqlitePath });
  if (config.migrate !== false) {
    try {
      await store.migrate();
    } catch (error) {
      await store.close();
      throw error;
    }
  }
  return store;
}
