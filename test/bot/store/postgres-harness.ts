import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createPostgresStore } from '../../../bot/store/postgres-store.js';
import { chainsOf, closeOnce, OpenedStores } from './store-fixtures.js';
import type { StoreHarness, TestDatabase } from './store-fixtures.js';

/** The test PostgreSQL that the global setup found or started (test/services/global-setup.ts). */
export async function findPostgresUrl(): Promise<string> {
  const url = process.env.SWITCHYARD_TEST_DATABASE_URL;
  if (!url)
    throw new Error(
      'SWITCHYARD_TEST_DATABASE_URL is not set: run the tests through vitest (its global setup finds or starts PostgreSQL)',
    );
  return url;
}

/** Each database is a fresh schema `sy_test_<random>_<n>`, dropped by `dispose`. */
export async function createPostgresHarness(): Promise<StoreHarness & { readonly url: string }> {
  const url = await findPostgresUrl();
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const prefix = `sy_test_${randomBytes(4).toString('hex')}`;
  const schemas: string[] = [];
  const opened = new OpenedStores();
  const harness = {
    url,
    dialect: 'postgres' as const,
    async createDatabase(): Promise<TestDatabase> {
      const schema = `${prefix}_${schemas.length + 1}`;
      schemas.push(schema);
      await admin.query(`CREATE SCHEMA ${schema}`);
      return {
        async open(options = {}) {
          const store = closeOnce(
            createPostgresStore({
              connectionString: url,
              schema,
              now: options.now,
              ...chainsOf(options.listeners),
              ...(options.secrets ? { secrets: options.secrets } : {}),
              maxConnections: 4,
            }),
          );
          opened.add(store);
          if (options.migrate !== false) await store.migrate();
          return store;
        },
        async sql(statement) {
          await admin.query(`SET search_path TO ${schema}`);
          return (await admin.query(statement)).rows as Record<string, unknown>[];
        },
      };
    },
    closeStores: () => opened.closeAll(),
    async dispose() {
      await harness.closeStores();
      for (const schema of schemas) await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.end();
    },
  };
  return harness;
}
