import type { ListRunsFilter } from './store.js';
import { StoreError } from './store-error.js';

export const MAX_RUNS_LIMIT = 1000;

/** The SQL and parameters for `GET /v1/actions/runs`: filters AND-ed, newest first. */
export function listRunsQuery(filter: ListRunsFilter): { sql: string; params: unknown[] } {
  const limit = filter.limit ?? MAX_RUNS_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_RUNS_LIMIT) {
    throw new StoreError('invalid_request', `limit must be an integer from 1 to ${MAX_RUNS_LIMIT}`);
  }
  const where: string[] = [];
  const params: unknown[] = [];
  const equal = (column: string, value: string | undefined): void => {
    if (value === undefined) return;
    params.push(value);
    where.push(`${column} = $${params.length}`);
  };
  equal('entity_identifier', filter.entity);
  equal('blueprint_identifier', filter.blueprint);
  equal('created_by_email', filter.userEmail);
  equal('created_by', filter.userId);
  equal('external_run_id', filter.externalRunId);
  equal('action_identifier', filter.action);
  equal('event_id', filter.eventId);
  if (filter.active !== undefined) {
    where.push(filter.active ? 'ended_at IS NULL' : 'ended_at IS NOT NULL');
  }
  if (filter.source !== undefined) {
    if (filter.source.length === 0) where.push('1 = 0');
    else {
      const marks = filter.source.map((source) => {
        params.push(source);
        return `$${params.length}`;
      });
      where.push(`source IN (${marks.join(', ')})`);
    }
  }
  if (filter.after !== undefined) {
    params.push(filter.after.createdAtMs, filter.after.id);
    const [at, id] = [`$${params.length - 1}`, `$${params.length}`];
    where.push(`(created_at < ${at} OR (created_at = ${at} AND id < ${id}))`);
  }
  params.push(limit);
  const clause = where.length === 0 ? '' : ` WHERE ${where.join(' AND ')}`;
  return {
    sql: `SELECT * FROM runs${clause} ORDER BY created_at DESC, id DESC LIMIT $${params.length}`,
    params,
  };
}
