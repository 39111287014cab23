import { fromJsonText, isoTime, text } from './run-row.js';
import type { SqlRow } from './sql-driver.js';
import type { EventSource, EventSummary, ListEventsFilter, StoredEvent } from './store.js';
import { StoreError } from './store-error.js';

export const MAX_EVENTS_LIMIT = 200;
const SUMMARY_COLUMNS = 'id, source, received_at, run_ids, type, blueprint, entity, duplicates';

/** `GET /v1/events`: filters AND-ed, newest first, keyset paging on (received_at, id). */
export function listEventsQuery(filter: ListEventsFilter): { sql: string; params: unknown[] } {
  const limit = filter.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_EVENTS_LIMIT) {
    throw new StoreError(
      'invalid_request',
      `limit must be an integer from 1 to ${MAX_EVENTS_LIMIT}`,
    );
  }
  const where: string[] = [];
  const params: unknown[] = [];
  const mark = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  for (const [column, value] of [
    ['entity', filter.entity],
    ['blueprint', filter.blueprint],
    ['type', filter.type],
    ['source', filter.source],
  ] as const) {
    if (value !== undefined) where.push(`${column} = ${mark(value)}`);
  }
  if (filter.idPrefix !== undefined) {
    where.push(`id >= ${mark(filter.idPrefix)} AND id < ${mark(`${filter.idPrefix}\u{10FFFF}`)}`);
  }
  if (filter.fromMs !== undefined) where.push(`received_at >= ${mark(filter.fromMs)}`);
  if (filter.toMs !== undefined) where.push(`received_at < ${mark(filter.toMs)}`);
  if (filter.after !== undefined) {
    const [at, id] = [mark(filter.after.receivedAtMs), mark(filter.after.id)];
    where.push(`(received_at < ${at} OR (received_at = ${at} AND id < ${id}))`);
  }
  const clause = where.length === 0 ? '' : ` WHERE ${where.join(' AND ')}`;
  return {
    sql: `SELECT ${SUMMARY_COLUMNS} FROM events${clause} ORDER BY received_at DESC, id DESC LIMIT ${mark(limit)}`,
    params,
  };
}

export function decodeEventSummary(row: SqlRow): EventSummary {
  return {
    id: String(row.id),
    source: row.source as EventSource,
    receivedAt: isoTime(row.received_at),
    runIds: fromJsonText(row.run_ids) as string[],
    type: text(row.type),
    blueprint: text(row.blueprint),
    entity: text(row.entity),
    duplicates: Number(row.duplicates ?? 0),
  };
}

export function decodeStoredEvent(row: SqlRow): StoredEvent {
  return {
    ...decodeEventSummary(row),
    body: fromJsonText(row.body),
    replays: (fromJsonText(row.replays) as StoredEvent['replays'] | null) ?? [],
  };
}
