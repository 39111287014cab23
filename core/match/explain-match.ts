import type { CatalogEvent } from '../events/catalog-event.js';
import { eventKeysOf } from '../events/event-types-of.js';
import type { JqEngine } from '../jq/jq-engine.js';
import type { ActiveAutomation } from './active-automation.js';
import { AutomationIndex } from './automation-index.js';
import type { MatchDecision } from './match-decision.js';
import { decideConditions } from './match-event.js';

/**
 * The decision for one automation and one event, with a reason when the event type or
 * selector does not fit ("why didn't it fire?"). Same verdict as `matchEvent`.
 */
export async function explainMatch(
  automation: ActiveAutomation,
  event: CatalogEvent,
  jq: Pick<JqEngine, 'evaluate'>,
): Promise<MatchDecision> {
  if (new AutomationIndex([automation]).candidates(event).length === 0) {
    return { automation, matched: false, reason: mismatchReason(automation, event) };
  }
  return (await decideConditions([automation], event, jq))[0]!;
}

function mismatchReason({ definition }: ActiveAutomation, event: CatalogEvent): string {
  const wanted = definition.trigger.event;
  const keys = eventKeysOf(event);
  const fired = keys.map((k) => k.type);
  const what = `${event.resourceType} ${event.action}`;
  if (keys.length === 0) return `the event (${what}) names no blueprint, timer property or action`;
  const sameType = keys.find((k) => k.type === wanted.type);
  if (!sameType) {
    return `the automation triggers on ${wanted.type}; the event (${what}) fires ${fired.join(', ')}`;
  }
  if (wanted.type === 'TIMER_PROPERTY_EXPIRED') {
    return `the automation triggers on timer ${wanted.blueprintIdentifier}.${wanted.propertyIdentifier}; the event is for ${sameType.selector}.${sameType.property}`;
  }
  const selector = wanted.actionIdentifier !== undefined ? 'action' : 'blueprint';
  const expected = wanted.actionIdentifier ?? wanted.blueprintIdentifier;
  return `the automation triggers on ${selector} "${expected}"; the event is for ${selector} "${sameType.selector}"`;
}
