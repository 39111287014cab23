import { isTerminal } from '../../core/runs/run-status.js';
import { eventColumnsOf } from './event-columns.js';
import type { NewRun } from './run-record.js';
import { RUN_COLUMNS, runColumnValues } from './run-row.js';
import type { SqlDriver } from './sql-driver.js';
import type { IncomingEvent, RecordEventResult } from './store.js';

const COLUMNS = RUN_COLUMNS.join(', ');

// Data-modifying CTEs run as one statement, so one round trip is one atomic transaction. The
// runs and outbox rows are inserted only if the event row was (the same dedupe by primary key as
// `insertEvent`); they arrive as one JSON array each, whatever the number of runs.
const SQL = `WITH inserted AS (
    INSERT INTO events (id, source, received_at, body, run_ids, type, blueprint, entity,
      subject_run_id) VALUES ($1, $2, $3, $4, $5, $9, $10, $11, $12)
    ON CONFLICT (id) DO NOTHING RETURNING id
  ), new_runs AS (
    INSERT INTO runs (${COLUMNS})
    SELECT ${COLUMNS} FROM json_populate_recordset(NULL::runs, $6::json)
    WHERE EXISTS (SELECT 1 FROM inserted)
  ), new_outbox AS (
    INSERT INTO outbox (run_id, available_at, attempts, claimed_by, last_error, created_at)
    SELECT run_id, available_at, 0, NULL, NULL, $7
    FROM json_to_recordset($8::json) AS due(run_id TEXT, available_at BIGINT)
    WHERE EXISTS (SELECT 1 FROM inserted)
  )
  SELECT EXISTS (SELECT 1 FROM inserted) AS created`;

/**
 * PostgreSQL's `recordEvent` in one statement instead of a transaction of one statement per row
 * (about twice the events per second). Same result as `insertEvent`.
 */
export async function insertEventInOneStatement(
  driver: SqlDriver,
  event: IncomingEvent,
  runs: readonly NewRun[],
  now: number,
): Promise<RecordEventResult> {
  const runIds = runs.map((run) => run.id);
  const rows = runs.map((run) => {
    const values = runColumnValues(run, event.id, now);
    return Object.fromEntries(RUN_COLUMNS.map((column, i) => [column, values[i] ?? null]));
  });
  const due = runs
    .filter((run) => run.delivery && !isTerminal(run.status ?? 'IN_PROGRESS'))
    .map((run) => ({ run_id: run.id, available_at: run.deliverAt ?? now }));
  const columns = eventColumnsOf(event.body);
  const [result] = await driver.mutate(SQL, [
    event.id,
    event.source,
    event.receivedAt ?? now,
    JSON.stringify(event.body ?? null),
    JSON.stringify(runIds),
    JSON.stringify(rows),
    now,
    JSON.stringify(due),
    columns.type,
    columns.blueprint,
    columns.entity,
    columns.subjectRunId,
  ]);
  if (result?.created === true) return { created: true, runIds };
  // A duplicate: this new statement sees the winner, which committed before ours went on.
  const [original] = await driver.mutate(
    'UPDATE events SET duplicates = duplicates + 1 WHERE id = $1 RETURNING run_ids',
    [event.id],
  );
  return { created: false, runIds: JSON.parse(String(original?.run_ids ?? '[]')) };
}
