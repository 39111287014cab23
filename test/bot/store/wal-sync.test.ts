import { execFile } from 'node:child_process';
import {
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { WalSync } from '../../../bot/store/wal-sync.js';

const dir = mkdtempSync(join(tmpdir(), 'switchyard-wal-sync-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The targets of this process's open file descriptors. */
function openFiles(): string[] {
  return readdirSync('/proc/self/fd').flatMap((fd) => {
    try {
      return [readlinkSync(`/proc/self/fd/${fd}`)];
    } catch {
      return [];
    }
  });
}

describe('WalSync', () => {
  it('coalesces: one sync in flight, every later commit shares the next one', async () => {
    const wal = join(dir, 'coalesce.db-wal');
    writeFileSync(wal, 'frames');
    const sync = new WalSync(wal);
    const first = sync.afterCommit();
    const later = Array.from({ length: 50 }, () => sync.afterCommit());
    await first;
    // The first sync may have begun before the later commits: they are not answered by it.
    expect(sync.syncs).toBe(1);
    await Promise.all(later);
    expect(sync.syncs).toBe(2);
    await sync.afterCommit();
    expect(sync.syncs).toBe(3);
    await sync.close();
  });

  it('holds the WAL file from the first sync until close, then refuses', async () => {
    const wal = join(dir, 'held.db-wal');
    writeFileSync(wal, 'frames');
    const sync = new WalSync(wal);
    expect(openFiles().filter((target) => target.startsWith(wal))).toEqual([]);
    await sync.afterCommit();
    await sync.afterCommit();
    expect(openFiles().filter((target) => target.startsWith(wal))).toEqual([wal]);
    await sync.close();
    expect(openFiles().filter((target) => target.startsWith(wal))).toEqual([]);
    await expect(sync.afterCommit()).rejects.toThrow('no write can be made durable after close()');
  });

  it('refuses to call a commit durable when the WAL file cannot be synced, saying why', async () => {
    const sync = new WalSync(join(dir, 'missing.db-wal'));
    await expect(sync.afterCommit()).rejects.toThrow(
      /committed but could not be made durable \(sync of the SQLite WAL file failed: ENOENT.*missing\.db-wal/,
    );
    await sync.close();
  });
});

describe('SQLite durability, observed with strace', () => {
  const traced = async (synchronous: 'FULL' | 'NORMAL'): Promise<string[]> => {
    const db = join(dir, `traced-${synchronous}.db`);
    const trace = join(dir, `trace-${synchronous}`);
    try {
      await promisify(execFile)('strace', [
        '-f',
        '-e',
        'trace=openat,fsync,fdatasync,write',
        '-o',
        trace,
        process.execPath,
        '--import',
        'tsx',
        join(import.meta.dirname, 'programs', 'write-one-event.ts'),
        db,
        synchronous,
      ]);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        throw new Error('this test needs strace: apt-get install -y strace (see README)', {
          cause: error,
        });
      throw error;
    }
    const lines = readFileSync(trace, 'utf8').split('\n');
    const from = lines.findIndex((line) => line.includes('write(1, "migrated'));
    const to = lines.findIndex((line) => line.includes('write(1, "acked'));
    expect(from).toBeGreaterThan(0);
    expect(to).toBeGreaterThan(from);
    const walFds = new Set(
      lines.flatMap((line) => {
        const opened = /openat\(.*-wal".* = (\d+)$/.exec(line);
        return opened ? [opened[1]] : [];
      }),
    );
    // The syncs of the WAL file between the end of the migration and the answer.
    return lines
      .slice(from, to)
      .filter((line) =>
        [...walFds].some((fd) => new RegExp(`\\b(fdatasync|fsync)\\(${fd}\\b`).test(line)),
      );
  };

  it('FULL (default): the WAL file is synced after the commit and before the write is answered', async () => {
    expect((await traced('FULL')).length).toBeGreaterThanOrEqual(1);
  });

  it('NORMAL: the write is answered with no sync of the WAL file', async () => {
    expect(await traced('NORMAL')).toEqual([]);
  });
});
