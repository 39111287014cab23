import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkCatalogEvent } from '../../core/events/check-catalog-event.js';
import type { CatalogEvent } from '../../core/events/catalog-event.js';
import type { BotContext } from '../bot-context.js';
import { BodyTooLargeError, readBody } from '../http/read-body.js';
import { parseJsonBody } from '../http/parse-json-body.js';
import { sendError, sendJson } from '../http/send-json.js';
import { ingestEvent, type IngestResult } from './ingest-event.js';
import { verifyPortSignature } from './verify-port-signature.js';

export const MAX_EVENT_BODY_BYTES = 1 << 20;
const MAX_BATCH = 1000;

/**
 * `POST /v1/events`: one catalog event or an array of them. The signature is checked on
 * the raw body before anything parses it; the answer (202) comes only once every event
 * and its runs are durable. A repeated event id creates nothing and returns the original runs.
 */
export async function handleEventsRequest(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: BotContext,
): Promise<void> {
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/(.+\+)?json\b/i.test(type)) {
    return sendError(
      res,
      415,
      'unsupported_media_type',
      'send the event as JSON with Content-Type: application/json',
    );
  }
  let body: Buffer;
  try {
    body = await readBody(req, MAX_EVENT_BODY_BYTES);
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      return sendError(
        res,
        413,
        'payload_too_large',
        `the body is larger than 1 MiB; send events in smaller batches`,
      );
    }
    throw error;
  }
  const secret = ctx.config.eventsSecret;
  if (secret) {
    const check = verifyPortSignature(
      secret,
      req.headers['x-port-timestamp'],
      req.headers['x-port-signature'],
      body,
    );
    if (!check.ok) return sendError(res, 401, 'invalid_signature', check.reason);
  }
  const json = parseJsonBody(body);
  if (!json.ok) return sendError(res, 400, 'invalid_json', json.message);
  const parsed = json.value;
  const batch = Array.isArray(parsed);
  const items = batch ? (parsed as unknown[]) : [parsed];
  if (items.length === 0) return sendError(res, 400, 'invalid_request', 'the array holds no event');
  if (items.length > MAX_BATCH)
    return sendError(res, 400, 'invalid_request', `at most ${MAX_BATCH} events per request`);
  const events: CatalogEvent[] = [];
  for (const [i, item] of items.entries()) {
    const check = checkCatalogEvent(item, batch ? `[${i}]` : '');
    if (!check.ok)
      return sendError(res, 400, 'invalid_event', `${check.path}: ${check.message}`, {
        path: check.path,
      });
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
  sendJson(res, 202, batch ? { ok: true, events: results.map(answer) } : answer(results[0]!));
}
