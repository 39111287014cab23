import { decodeRun, SELECT_RUNS } from '../store/run-row.js';
import type { SqlDriver, SqlExecutor, SqlRow } from '../store/sql-driver.js';
import type { RunRecord } from '../store/run-record.js';
import type { ClaimedDelivery, ClaimOptions, RetryOptions } from '../store/store.js';
import { StoreError } from '../store/store-error.js';

/**
 * Claims up to `limit` due outbox rows for `owner` for `leaseMs`. While claimed, a row's
 * `available_at` is the end of its lease, so a row whose owner died becomes due again by itself.
 * On PostgreSQL, `SKIP LOCKED` lets replicas claim concurrently without waiting for or taking
 * each other's rows; a row another replica claimed meanwhile fails the re-checked condition.
 */
export async function claimDeliveries(
  driver: SqlDriver,
  options: ClaimOptions,
  clock: number,
  /** Told each claimed run's row as read, and decoded (for a result that need not read it again). */
  onRow?: (row: SqlRow, run: RunRecord) => void,
): Promise<ClaimedDelivery[]> {
  const { owner, limit, leaseMs } = options;
  if (!Number.isInteger(limit) || limit < 1) {
    throw new StoreError('invalid_request', 'claim limit must be a positive integer');
  }
  if (!(leaseMs > 0)) throw new StoreError('invalid_request', 'leaseMs must be positive');
  const now = options.now ?? clock;
  const leaseUntil = now + leaseMs;
  const claimed = await driver.mutate(
    `WITH due AS (
       SELECT run_id FROM outbox WHERE available_at <= $1
       ORDER BY available_at, run_id LIMIT $2${driver.dialect.skipLocked}
     )
     UPDATE outbox SET claimed_by = $3, available_at = $4, attempts = attempts + 1
     FROM due WHERE outbox.run_id = due.run_id
     RETURNING outbox.run_id, outbox.attempts, outbox.last_error`,
    [now, limit, owner, leaseUntil],
  );
  if (claimed.length === 0) return [];
  const marks = claimed.map((_, i) => `$${i + 1}`).join(', ');
  const runs = await driver.all(
    `${SELECT_RUNS} WHERE runs.id IN (${marks}) ORDER BY runs.created_at, runs.id`,
    claimed.map((row) => row.run_id),
  );
  const byId = new Map(claimed.map((row) => [String(row.run_id), row]));
  return runs.map((row) => {
    const claim = byId.get(String(row.id))!;
    const run = decodeRun(row);
    onRow?.(row, run);
    return {
      run,
      attempt: Number(claim.attempts),
      lastError: claim.last_error === null ? null : String(claim.last_error),
      leaseUntil,
    };
  });
}

export async function completeDelivery(
  tx: SqlExecutor,
  runId: string,
  owner: string,
): Promise<boolean> {
  return (
    (await tx.run('DELETE FROM outbox WHERE run_id = $1 AND claimed_by = $2', [runId, owner])) > 0
  );
}

export async function retryDelivery(
  tx: SqlExecutor,
  runId: string,
  owner: string,
  options: RetryOptions,
): Promise<boolean> {
  const changed = await tx.run(
    `UPDATE outbox SET available_at = $3, claimed_by = NULL, last_error = $4
     WHERE run_id = $1 AND claimed_by = $2`,
    [runId, owner, options.nextAttemptAt, options.error],
  );
  return changed > 0;
}
