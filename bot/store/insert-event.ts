import { isTerminal } from '../../core/runs/run-status.js';
import { applyCatalogChange } from './apply-catalog-change.js';
import { eventColumnsOf } from './event-columns.js';
import type { NewRun } from './run-record.js';
import { INSERT_RUN_SQL, runInsertParams } from './run-row.js';
import type { SqlExecutor } from './sql-driver.js';
import type { IncomingEvent, RecordEventResult } from './store.js';
import { StoreError } from './store-error.js';

const EVENT_SOURCES: readonly unknown[] = ['http', 'kafka', 'internal', 'timer'];

export function validateEvent(event: IncomingEvent, runs: readonly NewRun[]): void {
  if (typeof event.id !== 'string' || event.id === '') {
    throw new StoreError('invalid_request', 'an event needs a non-empty string id');
  }
  if (!EVENT_SOURCES.includes(event.source)) {
    throw new StoreError('invalid_request', `unknown event source "${String(event.source)}"`);
  }
  const ids = new Set(runs.map((run) => run.id));
  if (ids.size !== runs.length) {
    throw new StoreError('invalid_request', `event ${event.id} lists the same run id twice`);
  }
}

/**
 * Inserts an event, its runs, their outbox entries and its catalog change, inside the caller's transaction. The
 * event's primary key decides duplicates, so two replicas racing with one id cannot both win:
 * PostgreSQL makes the second `INSERT … ON CONFLICT` wait for the first transaction, then
 * reports the conflict; the loser answers with the winner's run ids.
 */
export async function insertEvent(
  tx: SqlExecutor,
  event: IncomingEvent,
  runs: readonly NewRun[],
  now: number,
): Promise<RecordEventResult> {
  const runIds = runs.map((run) => run.id);
  const columns = eventColumnsOf(event.body);
  const inserted = await tx.all(
    `INSERT INTO events (id, source, received_at, body, run_ids, type, blueprint, entity,
       subject_run_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (id) DO NOTHING RETURNING id`,
    [
      event.id,
      event.source,
      event.receivedAt ?? now,
      JSON.stringify(event.body ?? null),
      JSON.stringify(runIds),
      columns.type,
      columns.blueprint,
      columns.entity,
      columns.subjectRunId,
    ],
  );
  if (inserted.length === 0) {
    const original = await tx.all(
      'UPDATE events SET duplicates = duplicates + 1 WHERE id = $1 RETURNING run_ids',
      [event.id],
    );
    return { created: false, runIds: JSON.parse(String(original[0]?.run_ids ?? '[]')) };
  }
  await insertRuns(tx, runs, event.id, now);
  if (event.catalog) await applyCatalogChange(tx, event.catalog);
  return { created: true, runIds };
}

/** Inserts runs of an event and the outbox entries of those to deliver. */
export async function insertRuns(
  tx: SqlExecutor,
  runs: readonly NewRun[],
  eventId: string | null,
  now: number,
): Promise<void> {
  for (const run of runs) {
    await tx.run(INSERT_RUN_SQL, runInsertParams(run, eventId, now));
    if (run.delivery && !isTerminal(run.status ?? 'IN_PROGRESS')) {
      await tx.run(
        `INSERT INTO outbox (run_id, available_at, attempts, claimed_by, last_error, created_at)
         VALUES ($1, $2, 0, NULL, NULL, $3)`,
        [run.id, run.deliverAt ?? now, now],
      );
    }
  }
}
