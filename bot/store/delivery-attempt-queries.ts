import { isoTime, text } from './run-row.js';
import type { SqlDriver, SqlExecutor } from './sql-driver.js';
import type { DeliveryAttempt, NewDeliveryAttempt } from './store.js';

/** The columns of a `delivery_attempts` row after `run_id`, in order. */
export const ATTEMPT_COLUMNS = [
  'n',
  'started_at',
  'duration_ms',
  'status_code',
  'error',
  'response_excerpt',
  'next_attempt_at',
] as const;

export type AttemptColumn = (typeof ATTEMPT_COLUMNS)[number];

/** An attempt's values for `ATTEMPT_COLUMNS`, in order; nulls for none. */
export function attemptParams(attempt: NewDeliveryAttempt | undefined): unknown[] {
  if (attempt === undefined) return ATTEMPT_COLUMNS.map(() => null);
  return [
    attempt.n,
    attempt.startedAt,
    Math.max(0, Math.round(attempt.durationMs)),
    attempt.statusCode,
    attempt.error,
    attempt.responseExcerpt,
    attempt.nextAttemptAt,
  ];
}

/**
 * Stores one delivery attempt and counts it on the run, inside the caller's transaction (the
 * result or the retry it came with). PostgreSQL's one-statement result does the same itself.
 */
export async function insertDeliveryAttempt(
  tx: SqlExecutor,
  runId: string,
  attempt: NewDeliveryAttempt,
): Promise<void> {
  await tx.run(
    `INSERT INTO delivery_attempts (run_id, ${ATTEMPT_COLUMNS.join(', ')})
     VALUES ($1, ${ATTEMPT_COLUMNS.map((_, i) => `$${i + 2}`).join(', ')})`,
    [runId, ...attemptParams(attempt)],
  );
  await tx.run('UPDATE runs SET attempts = attempts + 1 WHERE id = $1', [runId]);
}

export async function listDeliveryAttempts(
  driver: SqlDriver,
  runId: string,
): Promise<DeliveryAttempt[]> {
  const rows = await driver.all(
    'SELECT * FROM delivery_attempts WHERE run_id = $1 ORDER BY seq LIMIT 1000',
    [runId],
  );
  return rows.map((row) => ({
    n: Number(row.n),
    startedAt: isoTime(row.started_at),
    durationMs: Number(row.duration_ms),
    statusCode: row.status_code === null ? null : Number(row.status_code),
    error: text(row.error),
    responseExcerpt: text(row.response_excerpt),
    nextAttemptAt: row.next_attempt_at === null ? null : isoTime(row.next_attempt_at),
  }));
}
