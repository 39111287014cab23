import type { AutomationEventType } from '../definitions/definition.js';
import type { CatalogEvent } from '../events/catalog-event.js';
import { eventKeysOf } from '../events/event-types-of.js';
import type { ActiveAutomation } from './active-automation.js';

/**
 * Automations indexed by (event type, selector), so an event only touches the
 * automations that can match it. Built once per active set.
 */
export class AutomationIndex {
  private readonly byKey = new Map<string, ActiveAutomation[]>();

  constructor(readonly automations: readonly ActiveAutomation[]) {
    for (const automation of automations) {
      const key = indexKey(automation.definition.trigger.event.type, selectorOf(automation));
      let list = this.byKey.get(key);
      if (!list) this.byKey.set(key, (list = []));
      list.push(automation);
    }
  }

  /**
   * Automations whose trigger matches the event's type and selector, published or not
   * (an unpublished one is skipped by matching, with its reason), in definition order.
   */
  candidates(event: CatalogEvent): ActiveAutomation[] {
    const found: ActiveAutomation[] = [];
    for (const key of eventKeysOf(event)) {
      const selector =
        key.property === undefined ? key.selector : `${key.selector}\u0000${key.property}`;
      for (const automation of this.byKey.get(indexKey(key.type, selector)) ?? [])
        found.push(automation);
    }
    return found;
  }
}

function selectorOf({ definition }: ActiveAutomation): string {
  const { event } = definition.trigger;
  if (event.type === 'TIMER_PROPERTY_EXPIRED') {
    return `${event.blueprintIdentifier}\u0000${event.propertyIdentifier}`;
  }
  return (
    (event.type.startsWith('RUN_') || event.type === 'ANY_RUN_CHANGE'
      ? event.actionIdentifier
      : event.blueprintIdentifier) ?? ''
  );
}

function indexKey(type: AutomationEventType, selector: string): string {
  return `${type}\u0000${selector}`;
}
