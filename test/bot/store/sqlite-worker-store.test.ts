import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../../bot/store/sqlite-store.js';
import { createSqliteWorkerStore } from '../../../bot/store/sqlite-worker-store.js';
import { isStoreError } from '../../../bot/store/store-error.js';
import { aRun, anEvent } from './store-fixtures.js';

// The store contract runs against the writer thread in sqlite-store.test.ts; these are the
// thread's own duties: its lifetime, and what a caller sees when it cannot work.
describe('SQLite store in its writer thread: lifetime', () => {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-writer-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the process alive while a call is in flight, and not once it is idle', async () => {
    const path = join(dir, 'unclosed.db');
    const program = join(import.meta.dirname, 'programs', 'use-worker-store-without-closing.ts');
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', program, path],
      { timeout: 30_000 },
    );
    const runId = /^recorded (r_\w+)$/m.exec(stdout)?.[1];
    expect(runId).toBeDefined();
    const store = createSqliteStore({ path });
    expect((await store.getRun(runId!))?.id).toBe(runId);
    await store.close();
  });

  it('answers every call made before close, then refuses new ones', async () => {
    const path = join(dir, 'closing.db');
    const store = createSqliteWorkerStore({ path });
    await store.migrate();
    const runs = Array.from({ length: 50 }, () => aRun());
    const pending = runs.map((run) => store.recordEvent(anEvent(), [run]));
    await store.close();
    expect((await Promise.all(pending)).every((result) => result.created)).toBe(true);
    await expect(store.getRun(runs[0]!.id)).rejects.toThrow(
      `the SQLite store of ${path} is closed: store.getRun came after close()`,
    );
    const reopened = createSqliteStore({ path });
    expect(await reopened.listRuns({ limit: 100 })).toHaveLength(50);
    await reopened.close();
  });

  it('rejects with the store error the thread raised, as a StoreError', async () => {
    const store = createSqliteWorkerStore({ path: join(dir, 'errors.db') });
    await store.migrate();
    const refused = await store.patchRun('r_missing', { status: 'SUCCESS' }).catch((e) => e);
    expect(isStoreError(refused, 'not_found')).toBe(true);
    expect((refused as Error).message).toMatch(/r_missing/);
    await store.close();
  });

  it('fails every call with why when the thread cannot open the database, and still closes', async () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, 'not a directory');
    const store = createSqliteWorkerStore({ path: join(file, 'switchyard.db') });
    const failed = (await store.migrate().catch((e) => e)) as Error;
    expect(failed.message).toMatch(
      /^the SQLite writer thread of .*a-file\/switchyard\.db failed: (EEXIST|ENOTDIR).*a-file.* \(the store takes no more calls; fix the cause and restart switchyard\)$/,
    );
    await expect(store.listRuns()).rejects.toBe(failed);
    await store.close();
  });
});
