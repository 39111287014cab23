import type { Automation } from '../definitions/definition.js';
import type { CatalogEvent } from '../events/catalog-event.js';
import { buildTimerEvent } from '../timers/build-timer-event.js';
import { planTimerChanges } from '../timers/plan-timer-changes.js';
import { timerEventIdOf } from '../timers/timer-event-id.js';

/** What an entity event does to the timer a TIMER_PROPERTY_EXPIRED automation watches. */
export type TimerPreview =
  | {
      readonly action: 'schedule';
      readonly blueprint: string;
      readonly entity: string;
      readonly property: string;
      readonly value: string;
      readonly dueAt: string;
      /** True when the instant has passed already: the timer fires at once. */
      readonly pastDue: boolean;
      /** The id its TIMER_EXPIRED event is stored under. */
      readonly eventId: string;
      /** The TIMER_EXPIRED event it raises; the rest of the preview is for this event. */
      readonly event: CatalogEvent;
    }
  | {
      readonly action: 'cancel' | 'invalid' | 'none';
      readonly blueprint?: string;
      readonly entity?: string;
      readonly property?: string;
      readonly reason: string;
    };

/**
 * For a TIMER_PROPERTY_EXPIRED automation and an ENTITY_* event: the timer the event would
 * schedule (or move), cancel, or refuse. Undefined for other automations and other events.
 */
export function previewTimer(
  definition: Automation,
  event: CatalogEvent,
  now: number,
): TimerPreview | undefined {
  const trigger = definition.trigger.event;
  if (trigger.type !== 'TIMER_PROPERTY_EXPIRED') return undefined;
  if (event.resourceType !== 'entity' || event.action === 'TIMER_EXPIRED') return undefined;
  const blueprint = trigger.blueprintIdentifier ?? '';
  const property = trigger.propertyIdentifier ?? '';
  const [change] = planTimerChanges(event, new Map([[blueprint, [property]]]));
  if (!change) {
    return {
      action: 'none',
      blueprint,
      property,
      reason: `the event is not about a ${blueprint} entity: no timer changes`,
    };
  }
  switch (change.kind) {
    case 'schedule': {
      const fireAt = Math.max(change.dueAt, now);
      return {
        action: 'schedule',
        ...change.key,
        value: change.value,
        dueAt: new Date(change.dueAt).toISOString(),
        pastDue: change.dueAt <= now,
        eventId: timerEventIdOf(change.key, change.dueAt),
        event: buildTimerEvent(
          {
            key: change.key,
            entity: change.entity,
            ...(event.trigger ? { scheduledBy: event.trigger } : {}),
          },
          fireAt,
        ),
      };
    }
    case 'cancel':
      return { action: 'cancel', ...change.key, reason: change.reason };
    case 'cancel-entity':
      return {
        action: 'cancel',
        blueprint,
        entity: change.entity,
        property,
        reason: change.reason,
      };
    case 'invalid':
      return {
        action: 'invalid',
        ...change.key,
        reason: `properties.${property}: ${change.message}; no timer is scheduled (and a pending one is cancelled)`,
      };
  }
}
