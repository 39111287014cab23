import { planRequest } from '../backends/plan/plan-request.js';
import type { PlanConfig } from '../backends/plan/plan-config.js';
import type { PlanError, RequestPlan } from '../backends/plan/request-plan.js';
import { isAutomation, type Definition } from '../definitions/definition.js';
import type { CatalogEvent } from '../events/catalog-event.js';
import { eventKeysOf } from '../events/event-types-of.js';
import type { JqEngine } from '../jq/jq-engine.js';
import type { DefinitionOrigin } from '../match/active-automation.js';
import type { ConditionResult } from '../match/evaluate-conditions.js';
import { explainMatch } from '../match/explain-match.js';
import { automationTriggerData } from '../trigger-data/automation-trigger-data.js';
import { selfServiceTriggerData } from '../trigger-data/self-service-trigger-data.js';
import { previewTimer, type TimerPreview } from './preview-timer.js';

export interface PreviewInput {
  readonly definition: Definition;
  readonly origin: DefinitionOrigin;
  /** The catalog event, for automations. */
  readonly event?: CatalogEvent;
  /** The user inputs, for self-service actions. */
  readonly inputs?: Readonly<Record<string, unknown>>;
  /** The entity a DAY-2 or DELETE action runs on (Port's entity shape). */
  readonly entity?: Readonly<Record<string, unknown>> | null;
  readonly runId: string;
  readonly at?: Date;
  readonly config?: PlanConfig;
}

/** What one definition would do for one event (or inputs): the JSON `switchyard preview` prints. */
export interface Preview {
  readonly identifier: string;
  readonly file: string;
  readonly kind: 'automation' | 'self-service';
  /** The automation event types the event fires. */
  readonly eventTypes?: readonly string[];
  /**
   * A TIMER_PROPERTY_EXPIRED automation given an entity event: the timer that event schedules.
   * When it schedules one, the rest of the preview is for the TIMER_EXPIRED event it raises.
   */
  readonly timer?: TimerPreview;
  readonly matched: boolean;
  readonly reason?: string;
  readonly combinator?: 'and' | 'or';
  readonly conditions: readonly ConditionResult[];
  readonly runId: string;
  /** The request the backend would receive, secrets masked. */
  readonly request: RequestPlan;
  readonly errors: readonly PlanError[];
}

/**
 * Previews one definition: whether the event matches (and why not), each condition's
 * value, and the exact request its backend would get, secrets masked. The request is
 * planned even when the event does not match, to show what the templates render.
 */
export async function previewDefinition(input: PreviewInput, jq: JqEngine): Promise<Preview> {
  const { definition, runId } = input;
  const base = { identifier: definition.identifier, file: input.origin.file, runId };
  if (isAutomation(definition)) {
    if (!input.event) throw new Error('an automation preview needs an event');
    const timer = previewTimer(definition, input.event, (input.at ?? new Date()).getTime());
    const event = timer?.action === 'schedule' ? timer.event : input.event;
    const decision = await explainMatch({ definition, origin: input.origin }, event, jq);
    const data = automationTriggerData({
      event,
      automation: definition.identifier,
      runId,
      ...(input.at ? { at: input.at } : {}),
    });
    const planned = await planRequest(definition, data, jq, input.config);
    return {
      ...base,
      kind: 'automation',
      eventTypes: eventKeysOf(event).map((k) => k.type),
      ...(timer ? { timer } : {}),
      matched: decision.matched,
      ...(decision.reason ? { reason: decision.reason } : {}),
      ...(decision.conditions ? { combinator: decision.conditions.combinator } : {}),
      conditions: decision.conditions?.results ?? [],
      request: planned.masked,
      errors: planned.errors,
    };
  }
  const data = selfServiceTriggerData({
    action: definition,
    inputs: input.inputs ?? {},
    ...(input.entity === undefined ? {} : { entity: input.entity }),
    runId,
    ...(input.at ? { at: input.at } : {}),
  });
  const planned = await planRequest(definition, data, jq, input.config);
  return {
    ...base,
    kind: 'self-service',
    matched: true,
    conditions: [],
    request: planned.masked,
    errors: planned.errors,
  };
}
