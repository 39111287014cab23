import { expect, it } from 'vitest';
import { MIGRATIONS } from '../../../bot/store/migrations.js';
import { aRun, anEvent } from './store-fixtures.js';
import type { StoreHarness, TestDatabase } from './store-fixtures.js';

const ALL_VERSIONS = MIGRATIONS.map((m) => m.version);

/** PostgreSQL's plan for `query` when it may not scan the table (a test table is tiny). */
async function explainWithoutSeqScan(
  db: TestDatabase,
  query: string,
): Promise<Record<string, unknown>[]> {
  await db.sql('SET enable_seqscan = off');
  try {
    return await db.sql(`EXPLAIN ${query}`);
  } finally {
    await db.sql('RESET enable_seqscan');
  }
}

export function migrationContract(harness: StoreHarness): void {
  it('applies every migration to an empty database, then nothing on the next run', async () => {
    const db = await harness.createDatabase();
    const store = await db.open({ migrate: false });
    expect(await store.migrate()).toEqual({ applied: ALL_VERSIONS });
    expect(await store.migrate()).toEqual({ applied: [] });
  });

  it('keeps stored data when migrating again after a restart', async () => {
    const db = await harness.createDatabase();
    const first = await db.open();
    const run = aRun();
    await first.recordEvent(anEvent(), [run]);
    await first.close();
    const second = await db.open({ migrate: false });
    expect(await second.migrate()).toEqual({ applied: [] });
    expect((await second.getRun(run.id))?.id).toBe(run.id);
  });

  it('migrates once when two replicas start at the same time', async () => {
    const db = await harness.createDatabase();
    const [a, b] = await Promise.all([db.open({ migrate: false }), db.open({ migrate: false })]);
    const results = await Promise.all([a.migrate(), b.migrate()]);
    expect(results.map((r) => r.applied).sort()).toEqual([[], ALL_VERSIONS]);
    await a.recordEvent(anEvent(), [aRun()]);
    expect(await b.listRuns()).toHaveLength(1);
  });

  it('looks up sparse columns through partial indexes that hold only the rows setting them', async () => {
    const db = await harness.createDatabase();
    const store = await db.open();
    await store.recordEvent(anEvent(), [aRun()]);
    const lookups = [
      ['runs_external_run_id', "SELECT id FROM runs WHERE external_run_id = 'x'"],
      ['runs_rerun_of', "SELECT id FROM runs WHERE rerun_of = 'x'"],
      ['events_subject_run', "SELECT id FROM events WHERE subject_run_id = 'x'"],
    ] as const;
    for (const [index, query] of lookups) {
      const plan =
        harness.dialect === 'sqlite'
          ? await db.sql(`EXPLAIN QUERY PLAN ${query}`)
          : await explainWithoutSeqScan(db, query);
      expect(JSON.stringify(plan)).toContain(index);
    }
    const definitions =
      harness.dialect === 'sqlite'
        ? await db.sql("SELECT name, sql AS definition FROM sqlite_master WHERE type = 'index'")
        : await db.sql(
            'SELECT indexname AS name, indexdef AS definition FROM pg_indexes WHERE schemaname = current_schema()',
          );
    const byName = new Map(definitions.map((row) => [String(row.name), String(row.definition)]));
    for (const [index] of lookups)
      expect(byName.get(index)).toMatch(/WHERE \(?\w+ IS NOT NULL\)?$/);
  });

  it('refuses a database migrated by a newer switchyard', async () => {
    const db = await harness.createDatabase();
    await db.open();
    const newer = await db.open({ migrate: false });
    await db.sql(
      "INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'future', 0)",
    );
    await expect(newer.migrate()).rejects.toThrow(/schema is at version 9999/);
  });
}
