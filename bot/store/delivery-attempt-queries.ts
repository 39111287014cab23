import { isoTime, text } from './run-row.js';
import type { SqlDriver } from './sql-driver.js';
import type { DeliveryAttempt, NewDeliveryAttempt } from './store.js';

const INSERT_ATTEMPT = `INSERT INTO delivery_attempts (run_id, n, started_at, duration_ms,
  status_code, error, response_excerpt, next_attempt_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`;

/**
 * Stores one delivery attempt and counts it on the run, atomically: on PostgreSQL as one
 * statement (one round trip, where a transaction of two takes four), on SQLite in a
 * transaction (in-process, grouped into the next commit).
 */
export async function recordDeliveryAttempt(
  driver: SqlDriver,
  runId: string,
  attempt: NewDeliveryAttempt,
): Promise<void> {
  const params = [
    runId,
    attempt.n,
    attempt.startedAt,
    Math.max(0, Math.round(attempt.durationMs)),
    attempt.statusCode,
    attempt.error,
    attempt.responseExcerpt,
    attempt.nextAttemptAt,
  ];
  if (driver.dialect.name === 'postgres') {
    await driver.mutate(
      `WITH attempt AS (${INSERT_ATTEMPT} RETURNING 1)
       UPDATE runs SET attempts = attempts + 1 WHERE id = $1 AND EXISTS (SELECT 1 FROM attempt)`,
      params,
      'switchyard_record_attempt',
    );
    return;
  }
  await driver.transaction(async (tx) => {
    await tx.run(INSERT_ATTEMPT, params);
    await tx.run('UPDATE runs SET attempts = attempts + 1 WHERE id = $1', [runId]);
  });
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
