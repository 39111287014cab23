import { newId } from '../../core/runs/new-run-id.js';
import { applyRunResult } from './apply-run-patch.js';
import { ATTEMPT_COLUMNS, attemptParams } from './delivery-attempt-queries.js';
import type { RunRecord } from './run-record.js';
import { RUN_STATE_COLUMNS } from './run-queries.js';
import { decodeRun, SELECT_RUNS, toJsonText } from './run-row.js';
import type { SqlDriver, SqlRow } from './sql-driver.js';
import type { RunResult, RunResultChange } from './store.js';
import { StoreError } from './store-error.js';

// Optimistic: the run as read is written back changed only if none of its state columns
// (`RUN_STATE_COLUMNS`, in that order) moved meanwhile, compared with the exact values read;
// its logs and its outbox row go in the same statement, only if the update did (or the run had
// already ended, when nothing of it changes and nothing is updated), and so does the delivery
// attempt the result came with, counted on the run. One statement is one atomic transaction.
const SQL = `WITH upd AS (
    UPDATE runs SET status = $2, status_label = $3, link = $4::json, summary = $5,
      external_run_id = $6, response = $7::json, updated_at = $8, ended_at = $9, updated_by = $10,
      attempts = attempts + $24::int
    WHERE id = $1 AND $11::boolean
      AND status = $12 AND status_label IS NOT DISTINCT FROM $13::text
      AND link::text IS NOT DISTINCT FROM $14::text AND summary IS NOT DISTINCT FROM $15::text
      AND external_run_id IS NOT DISTINCT FROM $16::text
      AND response::text IS NOT DISTINCT FROM $17::text AND updated_at = $18::bigint
      AND ended_at IS NOT DISTINCT FROM $19::bigint AND updated_by IS NOT DISTINCT FROM $20::text
    RETURNING id
  ), ok AS (
    SELECT 1 FROM upd UNION ALL SELECT 1 WHERE NOT $11::boolean
  ), counted AS (
    UPDATE runs SET attempts = attempts + 1 WHERE id = $1 AND NOT $11::boolean AND $24::int = 1
  ), attempt AS (
    INSERT INTO delivery_attempts (run_id, ${ATTEMPT_COLUMNS})
    SELECT $1, $25::int, $26::bigint, $27::int, $28::int, $29::text, $30::text, $31::bigint
    WHERE $24::int = 1 AND EXISTS (SELECT 1 FROM ok)
  ), logs AS (
    INSERT INTO run_logs (id, run_id, message, created_by, created_at)
    SELECT l.id, $1, l.message, NULL, $8 FROM json_to_recordset($21::json) AS l(id TEXT, message TEXT, ord INT)
    WHERE EXISTS (SELECT 1 FROM ok) ORDER BY l.ord
  ), del AS (
    DELETE FROM outbox WHERE run_id = $1 AND EXISTS (SELECT 1 FROM ok)
      AND (claimed_by = $22::text OR $23::boolean)
    RETURNING 1
  )
  SELECT EXISTS (SELECT 1 FROM ok) AS ok, EXISTS (SELECT 1 FROM del) AS deleted,
    (SELECT attempts FROM runs WHERE id = $1) AS attempts`;

/**
 * PostgreSQL's `setRunResult` in two round trips (a read, then one statement), or one when the
 * row is known, instead of a transaction of one statement per change. Returns null, having
 * changed nothing, when the run changed between the read and the write, or when
 * `needsTransaction` says the change must go with more than this statement writes (a chained
 * run event): the caller then takes the locking path.
 */
export async function setRunResultInOneStatement(
  driver: SqlDriver,
  runId: string,
  result: RunResult,
  now: number,
  needsTransaction: (before: RunRecord, after: RunRecord) => boolean = () => false,
  /** The run's row as read moments ago (by the claim); read now when not given. */
  known?: SqlRow,
): Promise<RunResultChange | null> {
  const [row] = known
    ? [known]
    : await driver.all(`${SELECT_RUNS} WHERE runs.id = $1`, [runId], 'switchyard_run');
  if (row === undefined) throw new StoreError('not_found', `run ${runId} was not found`, runId);
  const before = decodeRun(row);
  const applied = before.endedAt === null;
  const after = applied ? applyRunResult(before, result, now) : before;
  if (applied && needsTransaction(before, after)) return null;
  const owner = result.completeDeliveryOf ?? null;
  const logs = (result.logs ?? []).map((message, ord) => ({ id: newId('rl_'), message, ord }));
  const [answer] = await driver.mutate(
    SQL,
    [
      runId,
      after.status,
      after.statusLabel,
      JSON.stringify(after.link),
      after.summary,
      after.externalRunId,
      toJsonText(after.response),
      now,
      after.endedAt === null ? null : Date.parse(after.endedAt),
      after.updatedBy,
      applied,
      // $12–$20: the state as read, compared column by column.
      ...RUN_STATE_COLUMNS.map((column) => row[column]),
      JSON.stringify(logs),
      owner,
      owner === null && after.endedAt !== null,
      // $24: whether an attempt comes with the result; $25–$31 its columns.
      result.attempt ? 1 : 0,
      ...attemptParams(result.attempt),
    ],
    'switchyard_set_run_result',
  );
  if (answer?.ok !== true) return null;
  // The attempt count as stored before this statement (a row read at the claim may predate
  // attempts counted since: the one column the check above does not compare), then with the
  // attempt that came with the result.
  const attempts = Number(answer.attempts);
  return {
    before: { ...before, attempts },
    after: { ...after, attempts: attempts + (result.attempt ? 1 : 0) },
    applied,
    completed: owner !== null && answer.deleted === true,
  };
}
