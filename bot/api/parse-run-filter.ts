import type { RunStatus } from '../../core/runs/run-status.js';
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
  const statuses = listParam(query, 'status');
  if (statuses.length > 0) {
    const wrong = statuses.find((status) => !STATUSES.includes(status));
    if (wrong !== undefined) {
      throw invalidRequest(`status must be one of ${STATUSES.join(', ')}, not "${wrong}"`);
    }
    filter.status = statuses as RunStatus[];
  }
  const automation = query.get('automation');
  if (automation !== null) {
    if (filter.action !== undefined && filter.action !== automation) {
      throw invalidRequest('automation and action name the same filter; send one of them');
    }
    filter.action = automation;
  }
  const from = timeParam(query, 'from');
  if (from !== undefined) filter.fromMs = from;
  const to = timeParam(query, 'to');
  if (to !== undefined) filter.toMs = to;
  const q = query.get('q')?.trim();
  if (q !== undefined && q !== '') filter.idPrefix = idPrefixParam(q);
  const next = query.get('next');
  if (next !== null && next !== '') filter.after = decodeRunCursor(next);
  return filter;
}

const STATUSES: readonly string[] = [
  'IN_PROGRESS',
  'SUCCESS',
  'FAILURE',
  'WAITING_FOR_APPROVAL',
  'DECLINED',
];

/** A repeatable parameter, also as `name[]=` and comma lists. */
export function listParam(query: URLSearchParams, name: string): string[] {
  return [...query.getAll(name), ...query.getAll(`${name}[]`)]
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter((value) => value !== '');
}

/** An ISO date-time parameter as epoch ms; 422 naming it when it is not one. */
export function timeParam(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  const ms = /^\d{4}-\d{2}-\d{2}/.test(raw) ? Date.parse(raw) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw invalidRequest(
      `${name} must be an ISO 8601 date-time (e.g. 2025-01-31T12:00:00Z), not "${raw}"`,
    );
  }
  return ms;
}

/** `q`: a run or event id, or a prefix of at least 3 characters. */
export function idPrefixParam(q: string): string {
  if (q.length < 3 || q.length > 200) {
    throw invalidRequest(`q must be an id or id prefix of 3 to 200 characters, not "${q}"`);
  }
  return q;
}
