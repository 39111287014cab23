import { decodeRun, SELECT_RUNS } from '../store/run-row.js';
import type { SqlDriver, SqlExecutor, SqlRow } from '../store/sql-driver.js';
import type { RunRecord } from '../store/run-record.js';
import type { ClaimedDelivery, ClaimOptions, RetryOptions } from '../store/store.js';
import { postgresDialect } from '../store/sql-dialect.js';
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
  const rows =
    driver.dialect.name === 'postgres'
      ? await driver.mutate(CLAIM_AND_READ_SQL, [now, limit, owner, leaseUntil])
      : await claimThenRead(driver, [now, limit, owner, leaseUntil]);
  return rows.map((row) => {
    const run = decodeRun(row);
    onRow?.(row, run);
    return {
      run,
      attempt: Number(row.claim_attempts),
      lastError: row.claim_last_error === null ? null : String(row.claim_last_error),
      leaseUntil,
    };
  });
}

const CLAIM_SQL = (skipLocked: string) => `WITH due AS (
    SELECT run_id FROM outbox WHERE available_at <= $1
    ORDER BY available_at, run_id LIMIT $2${skipLocked}
  )
  UPDATE outbox SET claimed_by = $3, available_at = $4, attempts = attempts + 1
  FROM due WHERE outbox.run_id = due.run_id
  RETURNING outbox.run_id, outbox.attempts, outbox.last_error, outbox.available_at,
    outbox.claimed_by`;

// PostgreSQL claims and reads the claimed runs in one statement (one round trip, one plan).
// Its outbox columns come from the claim's RETURNING: the statement's own reads of outbox see
// the rows as they were before it.
const CLAIM_AND_READ_SQL = `WITH claimed AS (${CLAIM_SQL(postgresDialect.skipLocked)})
  SELECT runs.*, claimed.available_at AS outbox_available_at,
    claimed.claimed_by AS outbox_claimed_by, claimed.attempts AS outbox_attempts,
    events.type AS event_type, claimed.attempts AS claim_attempts,
    claimed.last_error AS claim_last_error
  FROM claimed JOIN runs ON runs.id = claimed.run_id
  LEFT JOIN events ON events.id = runs.event_id
  ORDER BY runs.created_at, runs.id`;

/** SQLite (no data-modifying CTEs): the claim, then the claimed runs' rows, as PostgreSQL's. */
async function claimThenRead(driver: SqlDriver, params: unknown[]): Promise<SqlRow[]> {
  const claimed = await driver.mutate(CLAIM_SQL(driver.dialect.skipLocked), params);
  if (claimed.length === 0) return [];
  const marks = claimed.map((_, i) => `$${i + 1}`).join(', ');
  const runs = await driver.all(
    `${SELECT_RUNS} WHERE runs.id IN (${marks}) ORDER BY runs.created_at, runs.id`,
    claimed.map((row) => row.run_id),
  );
  const byId = new Map(claimed.map((row) => [String(row.run_id), row]));
  for (const row of runs) {
    const claim = byId.get(String(row.id))!;
    row.claim_attempts = claim.attempts;
    row.claim_last_error = claim.last_error;
  }
  return runs;
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
