import type { CatalogEvent } from '../../core/events/catalog-event.js';
import { eventSummaryOf } from '../live/publish-live.js';
import { decideEveryAutomation } from '../match/decide-every-automation.js';
import { replayEvent, runsByAutomation } from '../runs/replay-event.js';
import type { EventSource, ListEventsFilter, StoredEvent } from '../store/store.js';
import { ApiError, invalidRequest } from './api-error.js';
import type { ApiAnswer, ApiCall, ApiRoute } from './api-route.js';
import { whoIs } from './authenticate.js';
import { bodyObject } from './body-object.js';
import { maskForApi } from './mask-for-api.js';
import { idPrefixParam, timeParam } from './parse-run-filter.js';
import { readJsonBody } from './read-json-body.js';

const SOURCES: readonly string[] = ['http', 'kafka', 'internal', 'timer'];

/** `GET /v1/events` query → store filter; 422 naming a bad parameter. */
function parseEventFilter(query: URLSearchParams): ListEventsFilter {
  const filter: { -readonly [K in keyof ListEventsFilter]: ListEventsFilter[K] } = {};
  for (const name of ['entity', 'blueprint', 'type'] as const) {
    const value = query.get(name);
    if (value !== null && value !== '') filter[name] = value;
  }
  const source = query.get('source');
  if (source !== null && source !== '') {
    if (!SOURCES.includes(source)) {
      throw invalidRequest(`source must be one of ${SOURCES.join(', ')}, not "${source}"`);
    }
    filter.source = source as EventSource;
  }
  const q = query.get('q')?.trim();
  if (q !== undefined && q !== '') filter.idPrefix = idPrefixParam(q);
  const from = timeParam(query, 'from');
  if (from !== undefined) filter.fromMs = from;
  const to = timeParam(query, 'to');
  if (to !== undefined) filter.toMs = to;
  const limit = query.get('limit');
  if (limit !== null) {
    if (!/^\d+$/.test(limit) || Number(limit) < 1 || Number(limit) > 200) {
      throw invalidRequest(`limit must be an integer from 1 to 200, not "${limit}"`);
    }
    filter.limit = Number(limit);
  }
  const next = query.get('next');
  if (next !== null && next !== '') filter.after = decodeEventCursor(next);
  return filter;
}

function encodeEventCursor(event: { receivedAt: string; id: string }): string {
  return Buffer.from(JSON.stringify([Date.parse(event.receivedAt), event.id])).toString(
    'base64url',
  );
}

function decodeEventCursor(cursor: string): NonNullable<ListEventsFilter['after']> {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && Number.isSafeInteger(value[0]) && typeof value[1] === 'string') {
      return { receivedAtMs: value[0] as number, id: value[1] };
    }
  } catch {
    // Reported below.
  }
  throw invalidRequest(
    `next must be the "next" value of a previous GET /v1/events answer, not "${cursor}"`,
  );
}

async function listEvents({ ctx, query }: ApiCall): Promise<ApiAnswer> {
  const filter = parseEventFilter(query);
  const events = await ctx.store.listEvents(filter);
  const last = events.length === (filter.limit ?? 50) ? events.at(-1) : undefined;
  return {
    status: 200,
    body: {
      ok: true,
      events: maskForApi(ctx.config, events),
      ...(last ? { next: encodeEventCursor(last) } : {}),
    },
  };
}

async function storedEvent({ ctx, params }: ApiCall): Promise<StoredEvent> {
  const event = await ctx.store.getEvent(params.eventId!);
  if (event === null)
    throw new ApiError(404, 'not_found', `event ${params.eventId!} was not found`);
  return event;
}

async function getEvent(call: ApiCall): Promise<ApiAnswer> {
  const event = await storedEvent(call);
  const answer = { ...eventSummaryOf(event), body: event.body, replays: event.replays };
  return { status: 200, body: { ok: true, event: maskForApi(call.ctx.config, answer) } };
}

/** The stored body as a catalog event, or 409 when it is not one (an executed action's record). */
function catalogEventOf(event: StoredEvent): CatalogEvent {
  const body = event.body as Partial<CatalogEvent> | null;
  if (body === null || typeof body !== 'object' || typeof body.resourceType !== 'string') {
    throw new ApiError(
      409,
      'not_a_catalog_event',
      `event ${event.id} is not a catalog event (it records an executed action), so no automation decides on it`,
    );
  }
  return body as CatalogEvent;
}

async function decisions(call: ApiCall): Promise<ApiAnswer> {
  const event = await storedEvent(call);
  const runs = await runsByAutomation(call.ctx, event.id);
  const list = await decideEveryAutomation(call.ctx, catalogEventOf(event), runs);
  return {
    status: 200,
    body: {
      ok: true,
      eventId: event.id,
      duplicates: event.duplicates,
      decisions: maskForApi(call.ctx.config, list),
    },
  };
}

async function replay(call: ApiCall): Promise<ApiAnswer> {
  const body = bodyObject(await readJsonBody(call.req), ['dryRun', 'force']);
  if (typeof body.dryRun !== 'boolean') throw invalidRequest('dryRun is required: true or false');
  if (body.force !== undefined && typeof body.force !== 'boolean') {
    throw invalidRequest('force must be true or false');
  }
  const event = await storedEvent(call);
  catalogEventOf(event);
  const result = await replayEvent(call.ctx, event, {
    dryRun: body.dryRun,
    force: body.force === true,
    by: whoIs(call.caller),
  });
  return {
    status: 200,
    body: {
      ok: true,
      decisions: maskForApi(call.ctx.config, result.decisions),
      runIds: result.runIds,
    },
    ids: { events: [event.id], runs: result.runIds },
  };
}

export const eventRoutes: readonly ApiRoute[] = [
  { method: 'GET', pattern: '/v1/events', auth: true, ui: true, handle: listEvents },
  { method: 'GET', pattern: '/v1/events/:eventId', auth: true, ui: true, handle: getEvent },
  {
    method: 'GET',
    pattern: '/v1/events/:eventId/decisions',
    auth: true,
    ui: true,
    handle: decisions,
  },
  { method: 'POST', pattern: '/v1/events/:eventId/replay', auth: true, ui: true, handle: replay },
];
