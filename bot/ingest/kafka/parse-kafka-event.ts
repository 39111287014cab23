import type { CatalogEvent } from '../../../core/events/catalog-event.js';
import { checkCatalogEvent } from '../../../core/events/check-catalog-event.js';
import { fromChangeLog } from './from-change-log.js';

export type KafkaEventParse =
  | { readonly ok: true; readonly event: CatalogEvent }
  | { readonly ok: false; readonly reason: string };

/**
 * One Kafka message as a catalog event: JSON, one event per message, in the shape
 * `POST /v1/events` takes or Port's change-log shape. Otherwise why it is poison.
 */
export function parseKafkaEvent(text: string | null): KafkaEventParse {
  if (text === null || text.trim() === '')
    return { ok: false, reason: 'empty message: expected one catalog event as JSON' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: `not JSON: ${(error as Error).message}` };
  }
  if (Array.isArray(parsed))
    return { ok: false, reason: 'an array: send one catalog event per message' };
  const check = checkCatalogEvent(fromChangeLog(parsed));
  if (!check.ok) return { ok: false, reason: `${check.path}: ${check.message}` };
  return { ok: true, event: check.event };
}
