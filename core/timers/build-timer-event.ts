import type { CatalogEvent } from '../events/catalog-event.js';
import type { TimerKey } from './timer-event-id.js';

export interface ExpiredTimer {
  readonly key: TimerKey;
  /** The entity as last seen. */
  readonly entity: unknown;
  /** `trigger` of the event that scheduled the timer (who set the value). */
  readonly scheduledBy?: CatalogEvent['trigger'];
}

/**
 * The TIMER_EXPIRED event Port raises when a timer property passes (spec §2.3):
 * `context.propertyIdentifier` names the property, `diff.before` is null and `diff.after` the
 * entity. `trigger.at` is when it fired; `trigger.by` whoever last set the entity.
 */
export function buildTimerEvent(timer: ExpiredTimer, firedAt: number): CatalogEvent {
  const { blueprint, entity, property } = timer.key;
  return {
    action: 'TIMER_EXPIRED',
    resourceType: 'entity',
    trigger: {
      ...(timer.scheduledBy?.by ? { by: timer.scheduledBy.by } : {}),
      origin: 'AUTOMATION',
      at: new Date(firedAt).toISOString(),
    },
    context: {
      blueprintIdentifier: blueprint,
      entityIdentifier: entity,
      propertyIdentifier: property,
    },
    diff: { before: null, after: timer.entity ?? null },
  };
}
