import { closeSync, fdatasync, openSync } from 'node:fs';

/**
 * Makes SQLite's commits durable off the event loop. SQLite in WAL mode with
 * `synchronous = FULL` is `NORMAL` plus one sync of the WAL file after each commit, made inside
 * `COMMIT`, which blocks the only thread for the disk's whole latency (about 2 ms per commit
 * here, during which the server does nothing else). The connection therefore runs with `NORMAL`, and this
 * class syncs the WAL file in libuv's thread pool after `COMMIT`; a commit is acknowledged only
 * once a sync that began after it has finished, so FULL's promise holds: an answered write
 * survives a power loss. Meanwhile the connection goes on with the next group of writes.
 *
 * Syncs coalesce: while one is in flight, every commit waits for the single next one, so there
 * are never more than two outstanding, however many commits there are.
 */
export class WalSync {
  /** Syncs finished so far (the coalescing test reads it). */
  syncs = 0;
  private fd: number | null = null;
  private running: Promise<void> | null = null;
  private next: Promise<void> | null = null;
  private closed = false;

  /**
   * `walPath`: the `-wal` file beside the database file, opened at the first sync (a commit has
   * created it by then) and held until `close()`. SQLite's own connection holds it as long, and
   * deletes it only when the last connection closes, so the file synced is the one written.
   */
  constructor(private readonly walPath: string) {}

  /** Resolves when every commit made before this call is on disk. */
  afterCommit(): Promise<void> {
    if (this.closed)
      return Promise.reject(
        new Error('the SQLite store is closed: no write can be made durable after close()'),
      );
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
        fd = this.fd ??= openSync(this.walPath, 'r+');
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
}

function syncError(cause: unknown): Error {
  return new Error(
    `the write was committed but could not be made durable (sync of the SQLite WAL file failed: ${(cause as Error).message}); it may be lost if the machine loses power; check the disk and its file system (dmesg)`,
    { cause },
  );
}
