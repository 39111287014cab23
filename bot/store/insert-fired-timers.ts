import { isTerminal } from '../../core/runs/run-status.js';
import type { NewRun } from './run-record.js';
import { RUN_COLUMNS, runColumnValues } from './run-row.js';
import type { SqlExecutor } from './sql-driver.js';
import type { IncomingEvent, RecordEventResult } from './store.js';

const COLUMNS = RUN_COLUMNS.join(', ');

// PostgreSQL: a batch of fired timers in one statement (one round trip however many): the
// events (deduped by id), the runs and outbox rows of the events inserted, and the removal of
// the timers the claim still holds.
const SQL = `WITH inserted AS (
    INSERT INTO events (id, source, received_at, body, run_ids)
    SELECT id, source, received_at, body, run_ids FROM json_populate_recordset(NULL::events, $1::json)
    ON CONFLICT (id) DO NOTHING RETURNING id
  ), new_runs AS (
    INSERT INTO runs (${COLUMNS})
    SELECT ${COLUMNS} FROM json_populate_recordset(NULL::runs, $2::json) AS r
    WHERE r.event_id IN (SELECT id FROM inserted)
  ), new_outbox AS (
    INSERT INTO outbox (run_id, available_at, attempts, claimed_by, last_error, created_at)
    SELECT run_id, available_at, 0, NULL, NULL, $3
    FROM json_to_recordset($4::json) AS due(run_id TEXT, available_at BIGINT, event_id TEXT)
    WHERE due.event_id IN (SELECT id FROM inserted)
  ), fired AS (
    DELETE FROM timers WHERE claimed_by = $5 AND id IN (SELECT json_array_elements_text($6::json))
  )
  SELECT id FROM inserted`;

/** `TimerStore.recordFired` on PostgreSQL; same result as one `insertEvent` per timer. */
export async function insertFiredTimers(
  tx: SqlExecutor,
  claim: string,
  fired: readonly {
    readonly timerId: string;
    readonly event: IncomingEvent;
    readonly runs: readonly NewRun[];
  }[],
  now: number,
): Promise<RecordEventResult[]> {
  const events = fired.map(({ event, runs }) => ({
    id: event.id,
    source: event.source,
    received_at: event.receivedAt ?? now,
    body: event.body ?? null,
    run_ids: runs.map((run) => run.id),
  }));
  const runs = fired.flatMap(({ event, runs: list }) =>
    list.map((run) => {
      const values = runColumnValues(run, event.id, now);
      return Object.fromEntries(RUN_COLUMNS.map((column, i) => [column, values[i] ?? null]));
    }),
  );
  const due = fired.flatMap(({ event, runs: list }) =>
    list
      .filter((run) => run.delivery && !isTerminal(run.status ?? 'IN_PROGRESS'))
      .map((run) => ({ run_id: run.id, available_at: run.deliverAt ?? now, event_id: event.id })),
  );
  const rows = await tx.all(SQL, [
    JSON.stringify(events),
    JSON.stringify(runs),
    now,
    JSON.stringify(due),
    claim,
    JSON.stringify(fired.map((item) => item.timerId)),
  ]);
  const created = new Set(rows.map((row) => String(row.id)));
  const duplicates = fired.map((item) => item.event.id).filter((id) => !created.has(id));
  const originals = new Map<string, string[]>();
  if (duplicates.length) {
    const marks = duplicates.map((_, i) => `$${i + 1}`).join(', ');
    for (const row of await tx.all(
      `SELECT id, run_ids FROM events WHERE id IN (${marks})`,
      duplicates,
    )) {
      originals.set(String(row.id), JSON.parse(String(row.run_ids)) as string[]);
    }
  }
  return fired.map(({ event, runs: list }) =>
    created.has(event.id)
      ? { created: true, runIds: list.map((run) => run.id) }
      : { created: false, runIds: originals.get(event.id) ?? [] },
  );
}
