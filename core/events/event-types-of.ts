import type { AutomationEventType } from '../definitions/definition.js';
import type { CatalogEvent } from './catalog-event.js';

/** The trigger an event fires, and the selector automations are indexed by. */
export interface EventKey {
  readonly type: AutomationEventType;
  /** Blueprint for entity and timer events, action identifier for run events. */
  readonly selector: string;
  /** Timer property, for TIMER_PROPERTY_EXPIRED. */
  readonly property?: string;
}

/**
 * Every automation event type a catalog event fires, with its selector: an entity
 * update fires ENTITY_UPDATED and ANY_ENTITY_CHANGE for its blueprint; a timer expiry
 * fires TIMER_PROPERTY_EXPIRED for its blueprint and property; a run change fires
 * RUN_CREATED or RUN_UPDATED and ANY_RUN_CHANGE for its action.
 */
export function eventKeysOf(event: CatalogEvent): EventKey[] {
  if (event.resourceType === 'run') {
    const selector = runActionOf(event);
    if (selector === undefined) return [];
    if (event.action === 'CREATE') {
      return [
        { type: 'RUN_CREATED', selector },
        { type: 'ANY_RUN_CHANGE', selector },
      ];
    }
    if (event.action === 'UPDATE') {
      return [
        { type: 'RUN_UPDATED', selector },
        { type: 'ANY_RUN_CHANGE', selector },
      ];
    }
    return [];
  }
  const selector = blueprintOf(event);
  if (selector === undefined) return [];
  switch (event.action) {
    case 'CREATE':
      return [
        { type: 'ENTITY_CREATED', selector },
        { type: 'ANY_ENTITY_CHANGE', selector },
      ];
    case 'UPDATE':
      return [
        { type: 'ENTITY_UPDATED', selector },
        { type: 'ANY_ENTITY_CHANGE', selector },
      ];
    case 'DELETE':
      return [
        { type: 'ENTITY_DELETED', selector },
        { type: 'ANY_ENTITY_CHANGE', selector },
      ];
    case 'TIMER_EXPIRED': {
      const property = event.context?.propertyIdentifier;
      return typeof property === 'string'
        ? [{ type: 'TIMER_PROPERTY_EXPIRED', selector, property }]
        : [];
    }
  }
  return [];
}

export function blueprintOf(event: CatalogEvent): string | undefined {
  const fromContext = event.context?.blueprintIdentifier;
  if (typeof fromContext === 'string') return fromContext;
  const entity = (event.diff?.after ?? event.diff?.before) as { blueprint?: unknown } | null;
  return typeof entity?.blueprint === 'string' ? entity.blueprint : undefined;
}

export function runActionOf(event: CatalogEvent): string | undefined {
  const fromContext = event.context?.action?.identifier;
  if (typeof fromContext === 'string') return fromContext;
  const run = (event.diff?.after ?? event.diff?.before) as {
    action?: { identifier?: unknown };
  } | null;
  return typeof run?.action?.identifier === 'string' ? run.action.identifier : undefined;
}
