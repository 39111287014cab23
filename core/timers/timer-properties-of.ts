import type { ActiveAutomation } from '../match/active-automation.js';

/** Blueprint → the timer properties some automation watches on its entities. */
export type TimerProperties = ReadonlyMap<string, readonly string[]>;

/**
 * The (blueprint, property) pairs of every TIMER_PROPERTY_EXPIRED automation, published or not
 * (a disabled one still decides nothing until its timer fires; matching skips it then).
 */
export function timerPropertiesOf(automations: readonly ActiveAutomation[]): TimerProperties {
  const found = new Map<string, string[]>();
  for (const { definition } of automations) {
    const event = definition.trigger.event;
    if (event.type !== 'TIMER_PROPERTY_EXPIRED') continue;
    const { blueprintIdentifier: blueprint, propertyIdentifier: property } = event;
    if (blueprint === undefined || property === undefined) continue;
    let list = found.get(blueprint);
    if (!list) found.set(blueprint, (list = []));
    if (!list.includes(property)) list.push(property);
  }
  return found;
}
