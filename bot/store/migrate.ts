import { MIGRATIONS } from './migrations.js';
import type { Migration } from './migrations.js';
import type { SqlDriver } from './sql-driver.js';

/**
 * Applies the migrations a database lacks, all in one transaction behind a lock (SQLite's write
 * lock, a PostgreSQL advisory lock), so replicas starting together migrate once and a failed
 * migration leaves nothing half done. Refuses a database migrated by a newer switchyard.
 */
export async function migrate(
  driver: SqlDriver,
  now: number,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<{ applied: number[] }> {
  return driver.transaction(async (tx) => {
    for (const statement of driver.dialect.migrationLock) await tx.all(statement);
    await tx.run(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
        version INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        applied_at BIGINT NOT NULL
      )`,
    );
    const rows = await tx.all('SELECT version FROM schema_migrations');
    const done = new Set(rows.map((row) => Number(row.version)));
    const known = Math.max(0, ...migrations.map((m) => m.version));
    const newest = Math.max(0, ...done);
    if (newest > known) {
      throw new Error(
        `the database schema is at version ${newest}, newer than this switchyard knows (${known}); upgrade switchyard`,
      );
    }
    const applied: number[] = [];
    for (const migration of migrations) {
      if (done.has(migration.version)) continue;
      for (const statement of migration.statements(driver.dialect)) await tx.run(statement);
      await tx.run(
        'INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)',
        [migration.version, migration.name, now],
      );
      applied.push(migration.version);
    }
    return { applied };
  });
}
