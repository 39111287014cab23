import type { RunSource } from '../store/run-record.js';
import type { ListRunsFilter } from '../store/store.js';
import { invalidRequest } from './api-error.js';
import { decodeRunCursor } from './run-list-cursor.js';

const SOURCES: readonly string[] = ['UI', 'API', 'AUTOMATION'];
const TEXT_FILTERS = {
  entity: 'entity',
  blueprint: 'blueprint',
  user_email: 'userEmail',
  user_id: 'userId',
  external_run_id: 'externalRunId',
  action: 'action',
} as const;
/**
 * `GET /v1/actions/runs` query → store filter; 422 with the reason for a bad value. `next` is
 * the cursor of the previous page. Other parameters Port knows (`version`, `exclude`) change
 * nothing here and are ignored.
 */
export function parseRunFilter(query: URLSearchParams): ListRunsFilter {
  const filter: { -readonly [K in keyof ListRunsFilter]: ListRunsFilter[K] } = {};
  for (const [name, field] of Object.entries(TEXT_FILTERS)) {
    const value = query.get(name);
    if (value !== null) filter[field] = value;
  }
  const active = query.get('active');
  if (active !== null) {
    if (active !== 'true' && active !== 'false') {
      throw invalidRequest(`active must be true or false, not "${active}"`);
    }
    filter.active = active === 'true';
  }
  const limit = query.get('limit');
  if (limit !== null) {
    const value = Number(limit);
    if (!/^\d+$/.test(limit) || value < 1 || value > 1000) {
      throw invalidRequest(`limit must be an integer from 1 to 1000, not "${limit}"`);
    }
    filter.limit = value;
  }
  const sources = [...query.getAll('source'), ...query.getAll('source[]')].flatMap((value) =>
    value.split(','),
  );
  if (sources.length > 0) {
    const wrong = sources.find((source) => !SOURCES.includes(source));
    if (wrong !== undefined) {
      throw invalidRequest(`source must be one of ${SOURCES.join(', ')}, not "${wrong}"`);
    }
    filter.source = sources as RunSource[];
  }
  const next = query.get('next');
  if (next !== null && next !== '') filter.after = decodeRunCursor(next);
  return filter;
}
