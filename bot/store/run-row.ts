import type { RunStatus } from '../../core/runs/run-status.js';
import { isTerminal } from '../../core/runs/run-status.js';
import type { DeliveryPlan } from './delivery-plan.js';
import type { NewRun, RunRecord, RunSource, RunSubject } from './run-record.js';
import type { SqlRow } from './sql-driver.js';

/** Columns of `runs` in the order `runInsertParams` fills them. */
export const RUN_COLUMNS = [
  'id',
  'event_id',
  'status',
  'status_label',
  'link',
  'summary',
  'external_run_id',
  'action_identifier',
  'action_title',
  'blueprint_identifier',
  'blueprint_title',
  'entity_identifier',
  'entity_title',
  'properties',
  'source',
  'payload',
  'response',
  'created_at',
  'updated_at',
  'ended_at',
  'created_by',
  'created_by_email',
  'updated_by',
  'origin_repository',
  'origin_file',
  'origin_commit',
  'backend_type',
  'chain_depth',
  'delivery',
  'rerun_of',
  'trigger_data',
] as const;

export const INSERT_RUN_SQL = `INSERT INTO runs (${RUN_COLUMNS.join(', ')}) VALUES (${RUN_COLUMNS.map(
  (_, i) => `$${i + 1}`,
).join(', ')})`;

/** Columns of `runs` holding JSON documents. */
export const RUN_JSON_COLUMNS: ReadonlySet<string> = new Set([
  'link',
  'properties',
  'payload',
  'response',
  'delivery',
  'trigger_data',
]);

/** A new run's column values in `RUN_COLUMNS` order; JSON columns as values, not yet text. */
export function runColumnValues(run: NewRun, eventId: string | null, now: number): unknown[] {
  const status = run.status ?? 'IN_PROGRESS';
  return [
    run.id,
    eventId,
    status,
    run.statusLabel ?? null,
    [],
    run.summary ?? null,
    null,
    run.action.identifier,
    run.action.title ?? null,
    run.blueprint?.identifier ?? null,
    run.blueprint?.title ?? null,
    run.entity?.identifier ?? null,
    run.entity?.title ?? null,
    run.properties ?? {},
    run.source,
    run.payload,
    undefined,
    now,
    now,
    isTerminal(status) ? now : null,
    run.createdBy ?? null,
    run.createdByEmail ?? null,
    run.createdBy ?? null,
    run.origin.repository ?? null,
    run.origin.file,
    run.origin.commit ?? null,
    run.backendType,
    run.chainDepth ?? 0,
    run.delivery ?? undefined,
    run.rerunOf ?? null,
    run.triggerData,
  ];
}

/**
 * Reads runs with what the UI shows beside them: the retry time (the outbox) and the type of
 * their event. Both joins are on primary keys, so a page costs its rows' lookups only.
 */
export const SELECT_RUNS = `SELECT runs.*, outbox.available_at AS outbox_available_at,
  outbox.claimed_by AS outbox_claimed_by, outbox.attempts AS outbox_attempts,
  events.type AS event_type
  FROM runs LEFT JOIN outbox ON outbox.run_id = runs.id LEFT JOIN events ON events.id = runs.event_id`;

/** Parameters for `INSERT_RUN_SQL`: JSON columns as text, absent ones as NULL. */
export function runInsertParams(run: NewRun, eventId: string | null, now: number): unknown[] {
  return runColumnValues(run, eventId, now).map((value, i) =>
    RUN_JSON_COLUMNS.has(RUN_COLUMNS[i]!) ? toJsonText(value) : value,
  );
}

export function decodeRun(row: SqlRow): RunRecord {
  return {
    id: String(row.id),
    status: row.status as RunStatus,
    statusLabel: text(row.status_label),
    link: fromJsonText(row.link) as string[],
    summary: text(row.summary),
    externalRunId: text(row.external_run_id),
    action: { identifier: String(row.action_identifier), title: text(row.action_title) },
    blueprint: subject(row.blueprint_identifier, row.blueprint_title),
    entity: subject(row.entity_identifier, row.entity_title),
    properties: fromJsonText(row.properties) as Record<string, unknown>,
    source: row.source as RunSource,
    payload: fromJsonText(row.payload),
    response: fromJsonText(row.response),
    createdAt: isoTime(row.created_at),
    updatedAt: isoTime(row.updated_at),
    endedAt: row.ended_at === null ? null : isoTime(row.ended_at),
    createdBy: text(row.created_by),
    createdByEmail: text(row.created_by_email),
    updatedBy: text(row.updated_by),
    eventId: text(row.event_id),
    origin: {
      file: String(row.origin_file),
      ...(row.origin_repository === null ? {} : { repository: String(row.origin_repository) }),
      ...(row.origin_commit === null ? {} : { commit: String(row.origin_commit) }),
    },
    backendType: String(row.backend_type),
    chainDepth: Number(row.chain_depth),
    delivery: fromJsonText(row.delivery) as DeliveryPlan | null,
    attempts: Number(row.attempts ?? 0),
    rerunOf: text(row.rerun_of),
    triggerData: fromJsonText(row.trigger_data),
    eventType: text(row.event_type),
    nextAttemptAt:
      row.outbox_available_at !== null &&
      row.outbox_available_at !== undefined &&
      (row.outbox_claimed_by === null || row.outbox_claimed_by === undefined) &&
      Number(row.outbox_attempts) > 0
        ? isoTime(row.outbox_available_at)
        : null,
  };
}

/** JSON text for a JSON column; `undefined` (nothing) is stored as SQL NULL. */
export function toJsonText(value: unknown): string | null {
  return value === undefined ? null : JSON.stringify(value);
}

export function fromJsonText(value: unknown): unknown {
  return value === null || value === undefined ? null : JSON.parse(String(value));
}

export function isoTime(value: unknown): string {
  return new Date(Number(value)).toISOString();
}

export function text(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

function subject(identifier: unknown, title: unknown): RunSubject | null {
  return identifier === null ? null : { identifier: String(identifier), title: text(title) };
}
