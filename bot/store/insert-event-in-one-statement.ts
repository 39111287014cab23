import { isTerminal } from '../../core/runs/run-status.js';
import { eventColumnsOf } from './event-columns.js';
import type { NewRun } from './run-record.js';
import { RUN_COLUMNS, runColumnValues } from './run-row.js';
import type { SqlDriver } from './sql-driver.js';
import { ENTITY_COLUMNS, ENTITY_ON_CONFLICT } from './sql-entity-catalog.js';
import type { CatalogChange } from './incoming-event.js';
import type { IncomingEvent, RecordEventResult } from './store.js';
import { withoutNul } from './without-nul.js';

const COLUMNS = RUN_COLUMNS.join(', ');
const ENTITY = ENTITY_COLUMNS.join(', ');

/** One event of a batch, with its runs, and the store clock when it was asked for. */
export interface EventToInsert {
  readonly event: IncomingEvent;
  readonly runs: readonly NewRun[];
  readonly now: number;
}

// Data-modifying CTEs run as one statement, so one round trip is one atomic transaction, for
// any number of events. The runs and outbox rows of an event are inserted only if its event row
// was (the same dedupe by primary key as `insertEvent`); every table's rows arrive as one JSON
// array. The event ids of one batch must be distinct (the batcher keeps repeats for the next).
// Catalog changes: of the new events' changes to one entity, the last in batch order wins (one
// statement cannot write a row twice), as it would had they been written one by one.
const SQL = `WITH input AS (
    SELECT * FROM json_to_recordset($1::json)
      AS e(id TEXT, source TEXT, received_at BIGINT, body JSON, run_ids JSON, type TEXT,
        blueprint TEXT, entity TEXT, subject_run_id TEXT)
  ), inserted AS (
    INSERT INTO events (id, source, received_at, body, run_ids, type, blueprint, entity,
      subject_run_id)
    SELECT id, source, received_at, body, run_ids, type, blueprint, entity, subject_run_id
    FROM input
    ON CONFLICT (id) DO NOTHING RETURNING id
  ), new_runs AS (
    INSERT INTO runs (${COLUMNS})
    SELECT ${COLUMNS} FROM json_populate_recordset(NULL::runs, $2::json) AS r
    WHERE r.event_id IN (SELECT id FROM inserted)
  ), new_outbox AS (
    INSERT INTO outbox (run_id, available_at, attempts, claimed_by, last_error, created_at)
    SELECT run_id, available_at, 0, NULL, NULL, created_at
    FROM json_to_recordset($3::json)
      AS due(run_id TEXT, event_id TEXT, available_at BIGINT, created_at BIGINT)
    WHERE due.event_id IN (SELECT id FROM inserted)
  ), catalog AS (
    SELECT DISTINCT ON (c.blueprint, c.identifier) c.*
    FROM json_to_recordset($4::json) AS c(ord INT, event_id TEXT, op TEXT, blueprint TEXT,
      identifier TEXT, title TEXT, icon TEXT, team JSON, properties JSON, relations JSON,
      created_at BIGINT, created_by TEXT, updated_at BIGINT, updated_by TEXT)
    WHERE c.event_id IN (SELECT id FROM inserted)
    ORDER BY c.blueprint, c.identifier, c.ord DESC
  ), put_entities AS (
    INSERT INTO entities (${ENTITY}) SELECT ${ENTITY} FROM catalog WHERE op = 'put'
    ${ENTITY_ON_CONFLICT}
  ), removed_entities AS (
    DELETE FROM entities USING catalog WHERE catalog.op = 'remove'
      AND entities.blueprint = catalog.blueprint AND entities.identifier = catalog.identifier
  )
  SELECT id FROM inserted`;

// A repeated id counts as one more receipt of the stored event (the UI's duplicates).
const DUPLICATES_SQL =
  'UPDATE events SET duplicates = duplicates + 1 WHERE id = ANY($1::text[]) RETURNING id, run_ids';

/**
 * PostgreSQL's `recordEvent` for a batch of events in one statement, a prepared one (one round
 * trip and one commit for the batch, instead of a transaction of one statement per row). Each
 * event gets the answer `insertEvent` would give it; the statement commits all or nothing.
 */
export async function insertEventsInOneStatement(
  driver: SqlDriver,
  batch: readonly EventToInsert[],
): Promise<RecordEventResult[]> {
  const events = [];
  const runs = [];
  const due = [];
  const catalog: Record<string, unknown>[] = [];
  for (const { event, runs: eventRuns, now } of batch) {
    if (event.catalog) catalog.push(catalogRow(catalog.length, event.id, event.catalog));
    const columns = eventColumnsOf(event.body);
    events.push({
      id: event.id,
      source: event.source,
      received_at: event.receivedAt ?? now,
      body: event.body ?? null,
      run_ids: eventRuns.map((run) => run.id),
      type: columns.type,
      blueprint: columns.blueprint,
      entity: columns.entity,
      subject_run_id: columns.subjectRunId,
    });
    for (const run of eventRuns) {
      const values = runColumnValues(run, event.id, now);
      runs.push(Object.fromEntries(RUN_COLUMNS.map((column, i) => [column, values[i] ?? null])));
      if (run.delivery && !isTerminal(run.status ?? 'IN_PROGRESS')) {
        due.push({
          run_id: run.id,
          event_id: event.id,
          available_at: run.deliverAt ?? now,
          created_at: now,
        });
      }
    }
  }
  const inserted = await driver.mutate(
    SQL,
    [JSON.stringify(events), JSON.stringify(runs), JSON.stringify(due), JSON.stringify(catalog)],
    'switchyard_record_events',
  );
  const created = new Set(inserted.map((row) => String(row.id)));
  const repeated = batch.map((b) => b.event.id).filter((id) => !created.has(id));
  // Duplicates: this new statement sees the winners, which committed before ours went on.
  const originals = new Map<string, string[]>();
  if (repeated.length > 0) {
    const rows = await driver.mutate(DUPLICATES_SQL, [repeated], 'switchyard_event_duplicates');
    for (const row of rows) {
      originals.set(String(row.id), JSON.parse(String(row.run_ids)) as string[]);
    }
  }
  return batch.map(({ event, runs: eventRuns }) =>
    created.has(event.id)
      ? { created: true, runIds: eventRuns.map((run) => run.id) }
      : { created: false, runIds: originals.get(event.id) ?? [] },
  );
}

/** One row of the batch's catalog recordset (the columns of `entityValues`, JSON ones as values). */
function catalogRow(ord: number, eventId: string, change: CatalogChange): Record<string, unknown> {
  if (!('put' in change)) return { ord, event_id: eventId, op: 'remove', ...change.remove };
  const e = change.put;
  return {
    ord,
    event_id: eventId,
    op: 'put',
    blueprint: e.blueprint,
    identifier: e.identifier,
    title: withoutNul(e.title),
    icon: withoutNul(e.icon),
    team: e.team,
    properties: e.properties,
    relations: e.relations,
    created_at: Date.parse(e.createdAt),
    created_by: withoutNul(e.createdBy),
    updated_at: Date.parse(e.updatedAt),
    updated_by: withoutNul(e.updatedBy),
  };
}
