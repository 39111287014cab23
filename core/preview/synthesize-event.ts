import type { AutomationEvent } from '../definitions/definition.js';
import type { CatalogEvent } from '../events/catalog-event.js';

/** A catalog event made up from a trigger, for previews when no sample event fits. */
export interface SyntheticEvent {
  readonly synthetic: true;
  /** A short label, e.g. `synthetic ENTITY_UPDATED service`. */
  readonly name: string;
  readonly event: CatalogEvent;
}

const SYNTHETIC_AT = '2025-01-01T00:00:00.000Z';
const SYNTHETIC_BY = { orgId: 'org_synthetic', userId: 'user_synthetic' };

/**
 * Builds the smallest well-formed event that fires `trigger`: the right action and
 * resource type, the selector in `context`, and placeholder entities or runs in
 * `diff.before`/`diff.after` (null where Port sends null). Its values are placeholders,
 * so conditions on properties usually fail: a preview says which ones and why.
 * Deterministic (fixed ids and times) so previews of it are stable.
 */
export function synthesizeEvent(trigger: AutomationEvent): SyntheticEvent {
  const name = `synthetic ${trigger.type} ${selectorLabel(trigger)}`;
  const base = {
    id: 'event_synthetic',
    trigger: { by: { ...SYNTHETIC_BY }, origin: 'UI', at: SYNTHETIC_AT },
  };
  switch (trigger.type) {
    case 'RUN_CREATED':
    case 'RUN_UPDATED':
    case 'ANY_RUN_CHANGE': {
      const action = trigger.actionIdentifier ?? 'action';
      const created = trigger.type === 'RUN_CREATED';
      const event: CatalogEvent = {
        ...base,
        action: created ? 'CREATE' : 'UPDATE',
        resourceType: 'run',
        context: { action: { identifier: action } },
        diff: {
          before: created ? null : run(action, 'IN_PROGRESS'),
          after: run(action, created ? 'IN_PROGRESS' : 'SUCCESS'),
        },
      };
      return { synthetic: true, name, event };
    }
    case 'TIMER_PROPERTY_EXPIRED': {
      const blueprint = trigger.blueprintIdentifier ?? 'blueprint';
      const property = trigger.propertyIdentifier ?? 'timer';
      const event: CatalogEvent = {
        ...base,
        action: 'TIMER_EXPIRED',
        resourceType: 'entity',
        context: context(blueprint, property),
        diff: { before: null, after: entity(blueprint, { [property]: SYNTHETIC_AT }) },
      };
      return { synthetic: true, name, event };
    }
    default: {
      const blueprint = trigger.blueprintIdentifier ?? 'blueprint';
      const action =
        trigger.type === 'ENTITY_CREATED'
          ? 'CREATE'
          : trigger.type === 'ENTITY_DELETED'
            ? 'DELETE'
            : 'UPDATE';
      const event: CatalogEvent = {
        ...base,
        action,
        resourceType: 'entity',
        context: context(blueprint, null),
        diff: {
          before: action === 'CREATE' ? null : entity(blueprint, {}),
          after: action === 'DELETE' ? null : entity(blueprint, {}, action === 'UPDATE'),
        },
      };
      return { synthetic: true, name, event };
    }
  }
}

function selectorLabel(trigger: AutomationEvent): string {
  if (trigger.type === 'TIMER_PROPERTY_EXPIRED') {
    return `${trigger.blueprintIdentifier ?? '?'}.${trigger.propertyIdentifier ?? '?'}`;
  }
  return trigger.actionIdentifier ?? trigger.blueprintIdentifier ?? '?';
}

function context(blueprint: string, property: string | null): CatalogEvent['context'] {
  return {
    blueprintIdentifier: blueprint,
    entityIdentifier: `example-${blueprint}`,
    propertyIdentifier: property,
  };
}

function entity(
  blueprint: string,
  properties: Record<string, unknown>,
  updated = false,
): Record<string, unknown> {
  return {
    identifier: `example-${blueprint}`,
    title: updated ? `Example ${blueprint} (updated)` : `Example ${blueprint}`,
    icon: null,
    blueprint,
    team: [],
    properties,
    relations: {},
    createdAt: SYNTHETIC_AT,
    createdBy: SYNTHETIC_BY.userId,
    updatedAt: SYNTHETIC_AT,
    updatedBy: SYNTHETIC_BY.userId,
  };
}

function run(action: string, status: string): Record<string, unknown> {
  return {
    id: 'r_synthetic0000000',
    status,
    action: { identifier: action, title: action, icon: null, deleted: false },
    source: 'UI',
    link: [],
    requiredApproval: false,
    properties: {},
    createdAt: SYNTHETIC_AT,
    updatedAt: SYNTHETIC_AT,
    createdBy: SYNTHETIC_BY.userId,
    updatedBy: SYNTHETIC_BY.userId,
  };
}
