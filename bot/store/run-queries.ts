import { newId } from '../../core/runs/new-run-id.js';
import type { RunRecord } from './run-record.js';
import { decodeRun, SELECT_RUNS, toJsonText } from './run-row.js';
import type { SqlDialect } from './sql-dialect.js';
import type { SqlExecutor, SqlRow } from './sql-driver.js';
import type { RunLog } from './store.js';
import { StoreError } from './store-error.js';

/** Reads a run inside a transaction, locking its row (PostgreSQL) for the update to come. */
export async function selectRunForUpdate(
  tx: SqlExecutor,
  dialect: SqlDialect,
  runId: string,
): Promise<RunRecord> {
  // `OF runs`: PostgreSQL locks only the run, not the outer-joined rows (it refuses those).
  const lock = dialect.lockRows === '' ? '' : `${dialect.lockRows} OF runs`;
  const rows = await tx.all(`${SELECT_RUNS} WHERE runs.id = $1${lock}`, [runId]);
  if (rows[0] === undefined) throw new StoreError('not_found', `run ${runId} was not found`, runId);
  return decodeRun(rows[0]);
}

/**
 * The columns of a run that change after it is created (`updateRunState`'s), and its attempt
 * count (the one a delivery adds to).
 */
export const RUN_STATE_COLUMNS = [
  'status',
  'status_label',
  'link',
  'summary',
  'external_run_id',
  'response',
  'updated_at',
  'ended_at',
  'updated_by',
] as const;

/**
 * `run` (decoded from `row`, read earlier) when its state columns are still as in `row`, with
 * its attempt count as it is now; undefined when it changed or is gone (read it whole then).
 * Inside a transaction, the cheap alternative to reading and decoding the whole run again.
 */
export async function runIfUnchanged(
  tx: SqlExecutor,
  row: SqlRow,
  run: RunRecord,
): Promise<RunRecord | undefined> {
  const [now] = await tx.all(
    `SELECT ${RUN_STATE_COLUMNS.join(', ')}, attempts FROM runs WHERE id = $1`,
    [run.id],
  );
  if (now === undefined || RUN_STATE_COLUMNS.some((c) => now[c] !== row[c])) return undefined;
  return { ...run, attempts: Number(now.attempts) };
}

export type RunStateColumn = (typeof RUN_STATE_COLUMNS)[number];

/** A run's values for its state columns, as stored. */
export function runStateValues(run: RunRecord): Record<RunStateColumn, unknown> {
  return {
    status: run.status,
    status_label: run.statusLabel,
    link: JSON.stringify(run.link),
    summary: run.summary,
    external_run_id: run.externalRunId,
    response: toJsonText(run.response),
    updated_at: Date.parse(run.updatedAt),
    ended_at: run.endedAt === null ? null : Date.parse(run.endedAt),
    updated_by: run.updatedBy,
  };
}

/** Writes every field a run can change after creation (`RUN_STATE_COLUMNS`). */
export async function updateRunState(tx: SqlExecutor, run: RunRecord): Promise<void> {
  const values = runStateValues(run);
  await tx.run(UPDATE_RUN_STATE_SQL, [run.id, ...RUN_STATE_COLUMNS.map((c) => values[c])]);
}

const UPDATE_RUN_STATE_SQL = `UPDATE runs SET ${RUN_STATE_COLUMNS.map((c, i) => `${c} = $${i + 2}`).join(', ')}
  WHERE id = $1`;

export async function insertRunLog(
  tx: SqlExecutor,
  runId: string,
  message: string,
  createdBy: string | null,
  now: number,
): Promise<RunLog> {
  const id = newId('rl_');
  await tx.run(
    'INSERT INTO run_logs (id, run_id, message, created_by, created_at) VALUES ($1, $2, $3, $4, $5)',
    [id, runId, message, createdBy, now],
  );
  return { id, runId, message, createdBy, createdAt: new Date(now).toISOString() };
}

/**
 * Drops a run's outbox and agent-queue entries: the run ended, so a pending or retried
 * delivery is cancelled, and no execution agent claims it any more.
 */
export async function cancelDelivery(tx: SqlExecutor, runId: string): Promise<void> {
  await tx.run('DELETE FROM outbox WHERE run_id = $1', [runId]);
  await tx.run('DELETE FROM agent_queue WHERE run_id = $1', [runId]);
}
