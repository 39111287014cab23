import { newId } from '../../core/runs/new-run-id.js';
import { applyRunResult } from './apply-run-patch.js';
import { ATTEMPT_COLUMNS, attemptParams } from './delivery-attempt-queries.js';
import type { AttemptColumn } from './delivery-attempt-queries.js';
import type { RunRecord } from './run-record.js';
import { RUN_STATE_COLUMNS, runStateValues } from './run-queries.js';
import type { RunStateColumn } from './run-queries.js';
import type { SqlDriver, SqlRow } from './sql-driver.js';
import type { RunResult, RunResultChange } from './store.js';

/** One run's result, ready for the statement: the run as read, and as the result leaves it. */
export interface ResultToWrite {
  readonly runId: string;
  /** Already masked. */
  readonly result: RunResult;
  readonly now: number;
  /** The run's row as read (by the claim, or just now). */
  readonly row: SqlRow;
  readonly before: RunRecord;
  readonly after: RunRecord;
  /** False when the run had already ended: nothing of it changes but its logs and attempts. */
  readonly applied: boolean;
}

/**
 * The result applied to the run as read; null when `needsTransaction` says the change must go
 * with more than the statement writes (a chained run event): the caller takes the locking path.
 */
export function resultToWrite(
  runId: string,
  result: RunResult,
  now: number,
  read: { readonly row: SqlRow; readonly run: RunRecord },
  needsTransaction: (before: RunRecord, after: RunRecord) => boolean,
): ResultToWrite | null {
  const before = read.run;
  const applied = before.endedAt === null;
  const after = applied ? applyRunResult(before, result, now) : before;
  if (applied && needsTransaction(before, after)) return null;
  return { runId, result, now, row: read.row, before, after, applied };
}

const STATE_TYPES: Record<RunStateColumn, 'text' | 'json' | 'bigint'> = {
  status: 'text',
  status_label: 'text',
  link: 'json',
  summary: 'text',
  external_run_id: 'text',
  response: 'json',
  updated_at: 'bigint',
  ended_at: 'bigint',
  updated_by: 'text',
};
const ATTEMPT_TYPES: Record<AttemptColumn, string> = {
  n: 'INT',
  started_at: 'BIGINT',
  duration_ms: 'INT',
  status_code: 'INT',
  error: 'TEXT',
  response_excerpt: 'TEXT',
  next_attempt_at: 'BIGINT',
};
const sqlType = (column: RunStateColumn) => (STATE_TYPES[column] === 'bigint' ? 'BIGINT' : 'TEXT');
const stored = (column: RunStateColumn, value: string) =>
  STATE_TYPES[column] === 'json' ? `${value}::json` : value;

// Per result (`input`): the state to write (`new_*`), the state as read (`old_*`), who completes
// the outbox row, whether an attempt comes with it (`counted`) and its columns (`a_*`).
const INPUT_COLUMNS = [
  'ord INT',
  'id TEXT',
  'applied BOOLEAN',
  ...RUN_STATE_COLUMNS.map((c) => `new_${c} ${sqlType(c)}`),
  ...RUN_STATE_COLUMNS.map((c) => `old_${c} ${sqlType(c)}`),
  'owner TEXT',
  'cancel BOOLEAN',
  'counted INT',
  ...ATTEMPT_COLUMNS.map((c) => `a_${c} ${ATTEMPT_TYPES[c]}`),
].join(', ');

// Optimistic: each run as read is written back changed only if none of its state columns moved
// meanwhile, compared with the exact values read (JSON as its text). Its logs, its delivery
// attempt (counted on the run) and its outbox row go in the same statement, only if its update
// did (or the run had already ended, when nothing of it changes but the attempt count). One
// statement is one atomic transaction, however many runs it writes.
const SQL = `WITH input AS (
    SELECT * FROM json_to_recordset($1::json) AS i(${INPUT_COLUMNS})
  ), upd AS (
    UPDATE runs SET ${RUN_STATE_COLUMNS.map((c) => `${c} = ${stored(c, `i.new_${c}`)}`).join(', ')},
      attempts = runs.attempts + i.counted
    FROM input i
    WHERE runs.id = i.id AND i.applied
      AND ${RUN_STATE_COLUMNS.map((c) =>
        STATE_TYPES[c] === 'json'
          ? `runs.${c}::text IS NOT DISTINCT FROM i.old_${c}`
          : `runs.${c} IS NOT DISTINCT FROM i.old_${c}`,
      ).join(' AND ')}
    RETURNING runs.id
  ), ok AS (
    SELECT id FROM upd UNION ALL SELECT id FROM input WHERE NOT applied
  ), counted AS (
    UPDATE runs SET attempts = runs.attempts + 1 FROM input i
    WHERE runs.id = i.id AND NOT i.applied AND i.counted = 1
  ), attempt AS (
    INSERT INTO delivery_attempts (run_id, ${ATTEMPT_COLUMNS.join(', ')})
    SELECT i.id, ${ATTEMPT_COLUMNS.map((c) => `i.a_${c}`).join(', ')} FROM input i
    WHERE i.counted = 1 AND i.id IN (SELECT id FROM ok) ORDER BY i.ord
  ), logs AS (
    INSERT INTO run_logs (id, run_id, message, created_by, created_at)
    SELECT l.id, l.run_id, l.message, NULL, l.created_at
    FROM json_to_recordset($2::json) AS l(id TEXT, run_id TEXT, message TEXT, created_at BIGINT, ord INT)
    WHERE l.run_id IN (SELECT id FROM ok) ORDER BY l.ord
  ), del AS (
    DELETE FROM outbox USING input i
    WHERE outbox.run_id = i.id AND i.id IN (SELECT id FROM ok)
      AND (outbox.claimed_by = i.owner OR i.cancel)
    RETURNING outbox.run_id
  )
  SELECT i.id, i.id IN (SELECT id FROM ok) AS ok, i.id IN (SELECT run_id FROM del) AS deleted,
    runs.attempts
  FROM input i LEFT JOIN runs ON runs.id = i.id ORDER BY i.ord`;

/**
 * PostgreSQL's `setRunResult` for many runs (each at most once) in one round trip, instead of
 * a transaction of one statement per change. Answers per run, in order: the change, or null,
 * having changed nothing of that run, when it changed since it was read (the caller then takes
 * the locking path).
 */
export async function setRunResultsInOneStatement(
  driver: SqlDriver,
  items: readonly ResultToWrite[],
): Promise<(RunResultChange | null)[]> {
  const logs: Record<string, unknown>[] = [];
  const input = items.map(({ runId, result, now, row, after, applied }, ord) => {
    for (const message of result.logs ?? [])
      logs.push({ id: newId('rl_'), run_id: runId, message, created_at: now, ord: logs.length });
    const owner = result.completeDeliveryOf ?? null;
    const values = runStateValues(after);
    const attempt = attemptParams(result.attempt);
    return {
      ord,
      id: runId,
      applied,
      ...Object.fromEntries(RUN_STATE_COLUMNS.map((c) => [`new_${c}`, values[c]])),
      ...Object.fromEntries(RUN_STATE_COLUMNS.map((c) => [`old_${c}`, row[c]])),
      owner,
      cancel: owner === null && after.endedAt !== null,
      counted: result.attempt ? 1 : 0,
      ...Object.fromEntries(ATTEMPT_COLUMNS.map((c, i) => [`a_${c}`, attempt[i]])),
    };
  });
  // Not a named (prepared) statement: PostgreSQL would keep the generic plan it makes at the
  // sixth execution, sized for the tables as they were then, and a fresh deployment's runs table
  // is small: hash joins over two sequential scans of runs, kept while the table grows
  // until the next ANALYZE. Planned each time, it looks runs up by their key (0.4 ms to plan).
  const answers = await driver.mutate(SQL, [JSON.stringify(input), JSON.stringify(logs)]);
  return items.map(({ result, before, after, applied }, i) => {
    const answer = answers[i];
    if (answer?.ok !== true) return null;
    // The attempt count as stored before the statement (a row read at the claim may predate
    // attempts counted since: the one column the check does not compare), then with the
    // attempt that came with the result.
    const attempts = Number(answer.attempts);
    return {
      before: { ...before, attempts },
      after: { ...after, attempts: attempts + (result.attempt ? 1 : 0) },
      applied,
      completed: result.completeDeliveryOf !== undefined && answer.deleted === true,
    };
  });
}
