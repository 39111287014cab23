import type { CatalogEvent } from '../events/catalog-event.js';
import { blueprintOf } from '../events/event-types-of.js';
import { parseTimerValue } from './parse-timer-value.js';
import type { TimerKey } from './timer-event-id.js';
import type { TimerProperties } from './timer-properties-of.js';

/** What one entity event does to the timers of its entity. */
export type TimerChange =
  | {
      readonly kind: 'schedule';
      readonly key: TimerKey;
      /** Epoch ms when it fires. */
      readonly dueAt: number;
      /** The property's value as the event had it. */
      readonly value: string;
      /** The entity as last seen (`diff.after`): the fired event's `diff.after`. */
      readonly entity: unknown;
    }
  | { readonly kind: 'cancel'; readonly key: TimerKey; readonly reason: string }
  /** ENTITY_DELETED: every timer of the entity goes. */
  | {
      readonly kind: 'cancel-entity';
      readonly blueprint: string;
      readonly entity: string;
      readonly reason: string;
    }
  /** The value is not a date-time: nothing is scheduled and a pending timer is cancelled. */
  | {
      readonly kind: 'invalid';
      readonly key: TimerKey;
      readonly value: unknown;
      readonly message: string;
    };

/**
 * The timer changes of an ENTITY_CREATED / ENTITY_UPDATED / ENTITY_DELETED event, for the
 * properties automations watch on its blueprint: a valid date-time in `diff.after` schedules
 * (or moves) the property's timer, null or absent cancels it, and a deletion cancels all of the
 * entity's timers. Other events (run events, timer expiries) change nothing.
 */
export function planTimerChanges(event: CatalogEvent, watched: TimerProperties): TimerChange[] {
  if (event.resourceType !== 'entity') return [];
  if (event.action !== 'CREATE' && event.action !== 'UPDATE' && event.action !== 'DELETE')
    return [];
  const blueprint = blueprintOf(event);
  if (blueprint === undefined) return [];
  const properties = watched.get(blueprint);
  if (!properties?.length) return [];
  const after = asObject(event.diff?.after);
  const entity = entityIdentifierOf(event);
  if (entity === undefined) return [];
  if (event.action === 'DELETE' || after === undefined) {
    return [{ kind: 'cancel-entity', blueprint, entity, reason: 'the entity was deleted' }];
  }
  const values = asObject(after.properties) ?? {};
  return properties.map((property): TimerChange => {
    const key = { blueprint, entity, property };
    const value = values[property];
    if (value === undefined || value === null) {
      return {
        kind: 'cancel',
        key,
        reason: `properties.${property} is ${value === null ? 'null' : 'absent'}`,
      };
    }
    const parsed = parseTimerValue(value);
    if (!parsed.ok) return { kind: 'invalid', key, value, message: parsed.message };
    return { kind: 'schedule', key, dueAt: parsed.at, value: value as string, entity: after };
  });
}

/** The entity of an entity event: `context.entityIdentifier`, else the identifier in the diff. */
export function entityIdentifierOf(event: CatalogEvent): string | undefined {
  const fromContext = event.context?.entityIdentifier;
  if (typeof fromContext === 'string' && fromContext !== '') return fromContext;
  const entity = asObject(event.diff?.after) ?? asObject(event.diff?.before);
  return typeof entity?.identifier === 'string' && entity.identifier !== ''
    ? entity.identifier
    : undefined;
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
