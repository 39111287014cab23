import { SELECT_RUNS } from './run-row.js';
import type { ListRunsFilter } from './store.js';
import { StoreError } from './store-error.js';

export const MAX_RUNS_LIMIT = 1000;

/**
 * The SQL and parameters for `GET /v1/actions/runs`: filters AND-ed, newest first, keyset
 * paging on (created_at, id). Every filter has an index that starts with it and continues
 * with created_at (see migrations 1 and 5), so a page reads about `limit` rows at any depth.
 */
export function listRunsQuery(filter: ListRunsFilter): { sql: string; params: unknown[] } {
  const limit = filter.limit ?? MAX_RUNS_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_RUNS_LIMIT) {
    throw new StoreError('invalid_request', `limit must be an integer from 1 to ${MAX_RUNS_LIMIT}`);
  }
  const where: string[] = [];
  const params: unknown[] = [];
  const mark = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  const equal = (column: string, value: string | undefined): void => {
    if (value !== undefined) where.push(`runs.${column} = ${mark(value)}`);
  };
  const oneOf = (column: string, values: readonly string[] | undefined): void => {
    if (values === undefined) return;
    if (values.length === 0) where.push('1 = 0');
    else where.push(`runs.${column} IN (${values.map(mark).join(', ')})`);
  };
  equal('entity_identifier', filter.entity);
  equal('blueprint_identifier', filter.blueprint);
  equal('created_by_email', filter.userEmail);
  equal('created_by', filter.userId);
  equal('external_run_id', filter.externalRunId);
  equal('action_identifier', filter.action);
  equal('event_id', filter.eventId);
  if (filter.active !== undefined) {
    where.push(filter.active ? 'runs.ended_at IS NULL' : 'runs.ended_at IS NOT NULL');
  }
  oneOf('source', filter.source);
  oneOf('status', filter.status);
  if (filter.fromMs !== undefined) where.push(`runs.created_at >= ${mark(filter.fromMs)}`);
  if (filter.toMs !== undefined) where.push(`runs.created_at < ${mark(filter.toMs)}`);
  if (filter.idPrefix !== undefined) {
    // A prefix as a range, so both primary key and event index serve it.
    const [low, high] = [mark(filter.idPrefix), mark(`${filter.idPrefix}\u{10FFFF}`)];
    where.push(
      `(runs.id IN (SELECT id FROM runs WHERE id >= ${low} AND id < ${high})
        OR runs.id IN (SELECT id FROM runs WHERE event_id >= ${low} AND event_id < ${high}))`,
    );
  }
  if (filter.after !== undefined) {
    const [at, id] = [mark(filter.after.createdAtMs), mark(filter.after.id)];
    where.push(`(runs.created_at < ${at} OR (runs.created_at = ${at} AND runs.id < ${id}))`);
  }
  const clause = where.length === 0 ? '' : ` WHERE ${where.join(' AND ')}`;
  return {
    sql: `${SELECT_RUNS}${clause} ORDER BY runs.created_at DESC, runs.id DESC LIMIT ${mark(limit)}`,
    params,
  };
}
