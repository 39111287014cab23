import { isRecord, read, type DefinitionRule } from '../rule-context.js';

const SELECTORS: Record<string, readonly string[]> = {
  ENTITY_CREATED: ['blueprintIdentifier'],
  ENTITY_UPDATED: ['blueprintIdentifier'],
  ENTITY_DELETED: ['blueprintIdentifier'],
  ANY_ENTITY_CHANGE: ['blueprintIdentifier'],
  TIMER_PROPERTY_EXPIRED: ['blueprintIdentifier', 'propertyIdentifier'],
  RUN_CREATED: ['actionIdentifier'],
  RUN_UPDATED: ['actionIdentifier'],
  ANY_RUN_CHANGE: ['actionIdentifier'],
};
const ALL = ['blueprintIdentifier', 'propertyIdentifier', 'actionIdentifier'];

/** An event type names exactly the selectors it needs (Port's tagged union). */
export const eventSelector: DefinitionRule = ({ definition, report }) => {
  const event = read(definition, 'trigger', 'event');
  if (read(definition, 'trigger', 'type') !== 'automation' || !isRecord(event)) return;
  const type = event.type;
  if (typeof type !== 'string') return;
  const needed = SELECTORS[type];
  if (!needed) return;
  const path = ['trigger', 'event'];
  for (const selector of needed) {
    if (event[selector] === undefined) {
      report(
        'event-selector',
        'error',
        path,
        `${type} needs "${selector}" in trigger.event (${describe(type)})`,
      );
    }
  }
  for (const selector of ALL) {
    if (event[selector] !== undefined && !needed.includes(selector)) {
      report(
        'event-selector',
        'error',
        [...path, selector],
        `${type} does not take "${selector}": remove it (${describe(type)})`,
        'key',
      );
    }
  }
};

function describe(type: string): string {
  const needed = SELECTORS[type]!;
  return `${type} selects by ${needed.join(' and ')}`;
}
