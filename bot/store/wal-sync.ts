import { close, closeSync, fdatasync, fstatSync, openSync, statSync } from 'node:fs';

/**
 * Makes SQLite's commits durable off the event loop. SQLite in WAL mode with
 * `synchronous = FULL` is `NORMAL` plus one sync of the WAL file after each commit, made inside
 * `COMMIT`, which blocks the only thread for the disk's whole latency (about 2 ms here, a third
 * of the CPU the server spends per event). The connection therefore runs with `NORMAL`, and this
 * class syncs the WAL file in libuv's thread pool after `COMMIT`; a commit is acknowledged only
 * once a sync that began after it has finished, so FULL's promise holds: an answered write
 * survives a power loss. Meanwhile the connection goes on with the next group of writes.
 *
 * Syncs coalesce: while one is in flight, every commit waits for the single next one, so there
 * are never more than two outstanding, however many commits there are.
 */
export class WalSync {
  /** Syncs finished so far (a figure for tests and metrics). */
  syncs = 0;
  private fd: number | null = null;
  private inode = 0;
  private running: Promise<void> | null = null;
  private next: Promise<void> | null = null;
  private closed = false;

  /** `walPath`: the `-wal` file beside the database file. */
  constructor(private readonly walPath: string) {}

  /** Resolves when every commit made before this call is on disk. */
  afterCommit(): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the SQLite store is closed'));
    if (this.running === null) {
      this.running = this.syncOnce().finally(() => {
        this.running = null;
      });
      return this.running;
    }
    // The sync in flight may have started before this commit: wait for the one after it.
    this.next ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.next = null;
        return this.afterCommit();
      });
    return this.next;
  }

  /** Waits for the syncs in flight, then releases the file. */
  async close(): Promise<void> {
    await (this.next ?? this.running)?.catch(() => undefined);
    this.closed = true;
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  private syncOnce(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let fd: number;
      try {
        fd = this.open();
      } catch (error) {
        reject(syncError(error));
        return;
      }
      fdatasync(fd, (error) => {
        if (error) reject(syncError(error));
        else {
          this.syncs += 1;
          resolve();
        }
      });
    });
  }

  /**
   * SQLite deletes the WAL file when the last connection to the database closes and creates it
   * anew on the next write; the path is checked on every sync, and a file other than the one
   * held is opened afresh.
   */
  private open(): number {
    const inode = statSync(this.walPath).ino;
    if (this.fd !== null && inode === this.inode) return this.fd;
    if (this.fd !== null) close(this.fd, () => undefined);
    this.fd = openSync(this.walPath, 'r+');
    this.inode = fstatSync(this.fd).ino;
    return this.fd;
  }
}

function syncError(cause: unknown): Error {
  return new Error(
    `the write was committed but could not be made durable (sync of the SQLite WAL file failed: ${(cause as Error).message}); it may be lost if the machine loses power`,
    { cause },
  );
}
