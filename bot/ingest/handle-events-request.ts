import { checkCatalogEvent } from '../../core/events/check-catalog-event.js';
import type { CatalogEvent } from '../../core/events/catalog-event.js';
import type { BotContext } from '../bot-context.js';
import { HttpError } from '../http/http-error.js';
import type { HandlerRoute, HttpRequest, HttpResponse } from '../http/http-route.js';
import { parseJson, requireJsonType } from '../http/read-body.js';
import { ingestEvent, type IngestResult } from './ingest-event.js';
import { verifyPortSignature } from './verify-port-signature.js';

export const MAX_EVENT_BODY_BYTES = 1 << 20;
const MAX_BATCH = 1000;

const refuse = (status: number, code: string, message: string, extra = {}) =>
  new HttpError(status, code, message, extra);

/**
 * `POST /v1/events`: one catalog event or an array of them. The signature is checked on
 * the raw body before anything parses it; the answer (202) comes only once every event
 * and its runs are durable. A repeated event id creates nothing and returns the original runs.
 */
export async function receiveEvents(ctx: BotContext, request: HttpRequest): Promise<HttpResponse> {
  requireJsonType(request.headers);
  const body = await request.body();
  const secret = ctx.config.eventsSecret;
  if (secret) {
    const check = verifyPortSignature(
      secret,
      request.headers['x-port-timestamp'],
      request.headers['x-port-signature'],
      body,
    );
    if (!check.ok) throw refuse(401, 'invalid_signature', check.reason);
  }
  const parsed = parseJson(body);
  const batch = Array.isArray(parsed);
  const items: unknown[] = batch ? parsed : [parsed];
  if (items.length === 0) throw refuse(400, 'invalid_request', 'the array holds no event');
  if (items.length > MAX_BATCH)
    throw refuse(400, 'invalid_request', `at most ${MAX_BATCH} events per request`);
  const events: CatalogEvent[] = [];
  for (const [i, item] of items.entries()) {
    const check = checkCatalogEvent(item, batch ? `[${i}]` : '');
    if (!check.ok)
      throw refuse(400, 'invalid_event', `${check.path}: ${check.message}`, { path: check.path });
    events.push(check.event);
  }
  const results: IngestResult[] = [];
  for (const event of events) results.push(await ingestEvent(ctx, event, { source: 'http' }));
  const answer = (r: IngestResult) => ({
    ok: true,
    eventId: r.eventId,
    duplicate: !r.created,
    runs: r.runIds,
  });
  return {
    status: 202,
    body: batch ? { ok: true, events: results.map(answer) } : answer(results[0]!),
    ids: { events: results.map((r) => r.eventId), runs: results.flatMap((r) => r.runIds) },
  };
}

export function eventsRoutes(ctx: BotContext): readonly HandlerRoute[] {
  return [
    {
      method: 'POST',
      pattern: '/v1/events',
      bodyLimit: MAX_EVENT_BODY_BYTES,
      handle: (request) => receiveEvents(ctx, request),
    },
  ];
}
