import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createStore } from '../../../bot/store/create-store.js';
import { createPostgresHarness } from './postgres-harness.js';
import { describeStoreContract } from './store-contract.js';
import { aRun, anEvent, countRows } from './store-fixtures.js';

const harness = await createPostgresHarness();

describe('PostgreSQL store', () => {
  describeStoreContract(harness);

  it('is what createStore opens when a database URL is set, with the schema migrated', async () => {
    const db = await harness.createDatabase();
    await db.sql('SELECT 1');
    const schema = String((await db.sql('SELECT current_schema() AS s'))[0]?.s);
    const store = await createStore({ databaseUrl: harness.url, postgresSchema: schema });
    try {
      expect(store.dialect).toBe('postgres');
      await store.recordEvent(anEvent(), [aRun()]);
      expect(await countRows(db, 'runs')).toBe(1);
    } finally {
      await store.close();
    }
  });

  it('claims past a row another transaction holds locked instead of waiting for it', async () => {
    const db = await harness.createDatabase();
    const store = await db.open();
    const [locked, free] = [aRun(), aRun()];
    await store.recordEvent(anEvent(), [locked, free]);
    const schema = String((await db.sql('SELECT current_schema() AS s'))[0]?.s);
    const other = new pg.Client({ connectionString: harness.url });
    await other.connect();
    try {
      await other.query(`SET search_path TO ${schema}`);
      await other.query('BEGIN');
      await other.query('SELECT * FROM outbox WHERE run_id = $1 FOR UPDATE', [locked.id]);
      const claimed = await store.claimDeliveries({ owner: 'a', limit: 10, leaseMs: 60_000 });
      expect(claimed.map((c) => c.run.id)).toEqual([free.id]);
    } finally {
      await other.query('ROLLBACK');
      await other.end();
    }
  }, 5000);

  it('writes events asked for at once in shared transactions (group commit), each answered', async () => {
    const db = await harness.createDatabase();
    const store = await db.open();
    const events = Array.from({ length: 100 }, () => anEvent());
    const results = await Promise.all(events.map((event) => store.recordEvent(event, [aRun()])));
    expect(results.every((r) => r.created)).toBe(true);
    // Rows written by one transaction carry its id in xmin.
    const transactions = await db.sql('SELECT COUNT(DISTINCT xmin::text) AS n FROM events');
    expect(Number(transactions[0]?.n)).toBeLessThan(events.length);
    expect(await countRows(db, 'outbox')).toBe(100);
  });
});
