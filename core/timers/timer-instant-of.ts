import type { CatalogEvent } from '../events/catalog-event.js';
import { blueprintOf } from '../events/event-types-of.js';
import { parseTimerValue } from './parse-timer-value.js';
import { entityIdentifierOf } from './plan-timer-changes.js';
import type { TimerKey } from './timer-event-id.js';

/**
 * For a TIMER_EXPIRED event, the timer and instant it is about: its blueprint, entity and
 * property, and the property's value in `diff.after` (the instant that passed). Undefined when
 * the event is not a timer expiry or its value is not a date-time.
 */
export function timerInstantOf(event: CatalogEvent): { key: TimerKey; at: number } | undefined {
  if (event.action !== 'TIMER_EXPIRED' || event.resourceType !== 'entity') return undefined;
  const property = event.context?.propertyIdentifier;
  const blueprint = blueprintOf(event);
  const entity = entityIdentifierOf(event);
  if (typeof property !== 'string' || blueprint === undefined || entity === undefined)
    return undefined;
  const after = event.diff?.after as { properties?: Record<string, unknown> } | null | undefined;
  const parsed = parseTimerValue(after?.properties?.[property]);
  return parsed.ok ? { key: { blueprint, entity, property }, at: parsed.at } : undefined;
}
