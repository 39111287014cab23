import { expect, it } from 'vitest';
import { MIGRATIONS } from '../../../bot/store/migrations.js';
import { aRun, anEvent } from './store-fixtures.js';
import type { StoreHarness } from './store-fixtures.js';

const ALL_VERSIONS = MIGRATIONS.map((m) => m.version);

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
