import { createPostgresStore } from './postgres-store.js';
import { createSqliteStore } from './sqlite-store.js';
import { createSqliteWorkerStore } from './sqlite-worker-store.js';
import { chainFilterOf } from './chain-entry.js';
import type { RunListenerSource } from './chain-entry.js';
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
  /**
   * Where SQLite's statements run: `main` (default), in this thread; `worker`, in a writer thread
   * of their own (see `createSqliteWorkerStore`), which frees this thread for everything else.
   */
  readonly sqliteThread?: 'main' | 'worker';
  /** PostgreSQL connections kept at most; default 10. */
  readonly postgresPoolSize?: number;
  /** PostgreSQL schema (`search_path`); default `public`. */
  readonly postgresSchema?: string;
  /** Which run changes queue run events (see `SqlStoreOptions.chains`). */
  readonly listeners?: RunListenerSource;
  /** Secret values never written about runs (see `SecretMasker`). */
  readonly secrets?: readonly string[];
  /** Apply pending migrations before returning (default true). */
  readonly migrate?: boolean;
}

/** Opens the configured store and brings its schema up to date. */
export async function createStore(config: StoreConfig = {}): Promise<Store> {
  const { listeners } = config;
  const chains = listeners ? { chains: chainFilterOf(() => listeners.runListeners()) } : {};
  const store = config.databaseUrl
    ? createPostgresStore({
        connectionString: config.databaseUrl,
        ...chains,
        ...(config.secrets ? { secrets: config.secrets } : {}),
        ...(config.postgresSchema === undefined ? {} : { schema: config.postgresSchema }),
        ...(config.postgresPoolSize === undefined
          ? {}
          : { maxConnections: config.postgresPoolSize }),
      })
    : config.sqliteThread === 'worker'
      ? createSqliteWorkerStore({ ...sqliteOptions(config), ...(listeners ? { listeners } : {}) })
      : createSqliteStore({ ...sqliteOptions(config), ...chains });
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

function sqliteOptions(config: StoreConfig) {
  return {
    ...(config.sqlitePath === undefined ? {} : { path: config.sqlitePath }),
    ...(config.secrets ? { secrets: config.secrets } : {}),
    ...(config.sqliteSynchronous === undefined ? {} : { synchronous: config.sqliteSynchronous }),
  };
}
