import { createPostgresStore } from './postgres-store.js';
import { createSqliteStore } from './sqlite-store.js';
import type { ChainFilter } from './chain-entry.js';
import type { Store } from './store.js';

export interface StoreConfig {
  /** PostgreSQL when set (`DATABASE_URL`); SQLite otherwise. */
  readonly databaseUrl?: string;
  /** SQLite file; default `.switchyard/switchyard.db`. */
  readonly sqlitePath?: string;
  /**
   * SQLite's `synchronous` (WAL mode): FULL (default) syncs every commit to disk, so an accepted
   * event survives a power loss; NORMAL survives a process crash but not a power loss, and
   * removes the disk's sync latency from every answer.
   */
  readonly sqliteSynchronous?: 'FULL' | 'NORMAL';
  /** PostgreSQL schema (`search_path`); default `public`. */
  readonly postgresSchema?: string;
  /** Which run changes queue run events (see `SqlStoreOptions.chains`). */
  readonly chains?: ChainFilter;
  /** Secret values never written about runs (see `SecretMasker`). */
  readonly secrets?: readonly string[];
  /** Apply pending migrations before returning (default true). */
  readonly migrate?: boolean;
}

/** Opens the configured store and brings its schema up to date. */
export async function createStore(config: StoreConfig = {}): Promise<Store> {
  const store = config.databaseUrl
    ? createPostgresStore({
        connectionString: config.databaseUrl,
        ...(config.chains ? { chains: config.chains } : {}),
        ...(config.secrets ? { secrets: config.secrets } : {}),
        ...(config.postgresSchema === undefined ? {} : { schema: config.postgresSchema }),
      })
    : createSqliteStore({
        ...(config.sqlitePath === undefined ? {} : { path: config.sqlitePath }),
        ...(config.chains ? { chains: config.chains } : {}),
        ...(config.secrets ? { secrets: config.secrets } : {}),
        ...(config.sqliteSynchronous === undefined
          ? {}
          : { synchronous: config.sqliteSynchronous }),
      });
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
