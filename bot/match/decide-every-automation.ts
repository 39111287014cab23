import { planRequest } from '../../core/backends/plan/plan-request.js';
import type { Automation } from '../../core/definitions/definition.js';
import type { CatalogEvent } from '../../core/events/catalog-event.js';
import { eventKeysOf } from '../../core/events/event-types-of.js';
import type { ActiveAutomation } from '../../core/match/active-automation.js';
import { explainMatch } from '../../core/match/explain-match.js';
import { automationTriggerData } from '../../core/trigger-data/automation-trigger-data.js';
import { definitionSourceOf } from '../api/to-ui-run.js';
import type { BotContext } from '../bot-context.js';
import { planConfigOf } from '../render/plan-config-of.js';

export type DecisionOutcome =
  'matched' | 'event-type' | 'blueprint' | 'disabled' | 'condition' | 'render-error' | 'duplicate';

/** Why one loaded automation fires, or does not, for one stored event. */
export interface AutomationDecision {
  /** Scoped `owner/repo:identifier` for synced definitions, as `GET /v1/automations`. */
  readonly automation: string;
  readonly source: string;
  readonly outcome: DecisionOutcome;
  readonly reason: string;
  readonly conditions: readonly {
    readonly expression: string;
    readonly value: unknown;
    readonly error: string | null;
    readonly passed: boolean;
  }[];
  readonly renderError: { readonly path: string; readonly message: string } | null;
  readonly runId: string | null;
}

/** Key of an automation among an event's runs: identifier and repository. */
export function automationKey(identifier: string, repository: string | null | undefined): string {
  return `${repository ?? ''}:${identifier}`;
}

/**
 * The decision of EVERY loaded automation for an event, recomputed with the current
 * definitions: the match verdict of `core/match` (event type, selector, publish, each
 * condition's value) and, for a match, whether its request renders. Pure: nothing is stored
 * or sent. `runs` maps `automationKey` to the run the event has for it; `duplicates` marks
 * the automations a replay would skip.
 */
export async function decideEveryAutomation(
  ctx: Pick<BotContext, 'registry' | 'jq' | 'config'>,
  event: CatalogEvent,
  runs: ReadonlyMap<string, string>,
  duplicates: ReadonlySet<string> = new Set(),
): Promise<AutomationDecision[]> {
  const automations = ctx.registry
    .all()
    .filter((entry): entry is ActiveAutomation => entry.definition.trigger.type === 'automation');
  const decisions: AutomationDecision[] = [];
  for (const automation of automations) {
    const { definition, origin } = automation;
    const key = automationKey(definition.identifier, origin.repository);
    const decision = await explainMatch(automation, event, ctx.jq);
    const conditions = (decision.conditions?.results ?? []).map((result) => ({
      expression: result.expression,
      value: result.value === undefined ? null : result.value,
      error: result.error ?? null,
      passed: result.passed,
    }));
    const base = {
      automation: origin.repository
        ? `${origin.repository}:${definition.identifier}`
        : definition.identifier,
      source: definitionSourceOf(origin, definition.identifier),
      conditions,
      renderError: null,
      runId: runs.get(key) ?? null,
    };
    if (!decision.matched) {
      decisions.push({
        ...base,
        outcome: mismatchOutcome(automation.definition, event, decision),
        reason: decision.reason ?? 'did not match',
      });
      continue;
    }
    if (duplicates.has(key)) {
      decisions.push({
        ...base,
        outcome: 'duplicate',
        reason: `this event already has a run of ${definition.identifier}${base.runId ? ` (${base.runId})` : ''}; replay with force to run it again`,
      });
      continue;
    }
    const triggerData = automationTriggerData({
      event,
      automation: definition.identifier,
      runId: 'r_decision',
      at: new Date(),
    });
    const planned = await planRequest(definition, triggerData, ctx.jq, planConfigOf(ctx.config));
    const error = planned.errors[0];
    if (error !== undefined) {
      decisions.push({
        ...base,
        outcome: 'render-error',
        reason: `it matches, but its request does not render: ${error.path}: ${error.message}`,
        renderError: { path: error.path, message: error.message },
      });
      continue;
    }
    decisions.push({
      ...base,
      outcome: 'matched',
      reason:
        conditions.length === 0
          ? 'the event type and selector match; it has no conditions'
          : `the event type and selector match and the conditions pass (${decision.conditions?.combinator ?? 'and'})`,
    });
  }
  return decisions;
}

function mismatchOutcome(
  definition: Automation,
  event: CatalogEvent,
  decision: { readonly conditions?: unknown },
): DecisionOutcome {
  if (definition.publish === false) return 'disabled';
  if (decision.conditions !== undefined) return 'condition';
  const wanted = definition.trigger.event.type;
  return eventKeysOf(event).some((key) => key.type === wanted) ? 'blueprint' : 'event-type';
}
