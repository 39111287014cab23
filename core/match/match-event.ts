import type { CatalogEvent } from '../events/catalog-event.js';
import type { JqEngine } from '../jq/jq-engine.js';
import type { ActiveAutomation } from './active-automation.js';
import type { AutomationIndex } from './automation-index.js';
import { conditionInput, judgeConditions } from './evaluate-conditions.js';
import { conditionsReason, type MatchDecision } from './match-decision.js';

/**
 * Decides which automations of an index fire for an event. Only candidates (same event
 * type and selector) are looked at; all their conditions run as one jq evaluation.
 * Returns a decision for every candidate, matched or not, with its reason.
 */
export async function matchEvent(
  index: AutomationIndex,
  event: CatalogEvent,
  jq: Pick<JqEngine, 'evaluate'>,
): Promise<MatchDecision[]> {
  return decideConditions(index.candidates(event), event, jq);
}

/** Runs the conditions of automations already known to match the event's type and selector. */
export async function decideConditions(
  candidates: readonly ActiveAutomation[],
  event: CatalogEvent,
  jq: Pick<JqEngine, 'evaluate'>,
): Promise<MatchDecision[]> {
  const live = candidates.filter((a) => a.definition.publish !== false);
  const expressions = live.flatMap((a) => a.definition.trigger.condition?.expressions ?? []);
  const outcomes = expressions.length ? await jq.evaluate(conditionInput(event), expressions) : [];
  let offset = 0;
  return candidates.map((automation): MatchDecision => {
    if (automation.definition.publish === false) {
      return { automation, matched: false, reason: 'the automation is disabled (publish: false)' };
    }
    const condition = automation.definition.trigger.condition;
    const count = condition?.expressions.length ?? 0;
    const verdict = judgeConditions(condition, outcomes.slice(offset, offset + count));
    offset += count;
    return verdict.passed
      ? { automation, matched: true, conditions: verdict }
      : { automation, matched: false, reason: conditionsReason(verdict), conditions: verdict };
  });
}
