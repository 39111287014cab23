import { planRequest } from '../../core/backends/plan/plan-request.js';
import type { PlanError, RequestPlan } from '../../core/backends/plan/request-plan.js';
import type { Definition } from '../../core/definitions/definition.js';
import type { TriggerData } from '../../core/trigger-data/trigger-data.js';
import type { BotContext } from '../bot-context.js';
import { planConfigOf } from '../render/plan-config-of.js';
import type { DeliveryPlan } from '../store/delivery-plan.js';

/**
 * The request to send for a stored delivery plan: as stored, or rendered again now with
 * the configured secrets (which never reach the store). A referenced secret that is not
 * configured is an error naming the variable to set.
 */
export async function resolvePlan(
  ctx: BotContext,
  delivery: DeliveryPlan,
): Promise<{ plan?: RequestPlan; errors: readonly PlanError[] }> {
  if (delivery.kind === 'rendered') return { plan: delivery.request as RequestPlan, errors: [] };
  const missing = delivery.secretNames.filter(
    (name) => name !== '*' && ctx.config.secrets[name] === undefined,
  );
  if (missing.length) {
    return {
      errors: missing.map((name) => ({
        path: 'invocationMethod',
        message: `the secret "${name}" is not configured: set the environment variable SWITCHYARD_SECRET_${name}`,
      })),
    };
  }
  const definition = { invocationMethod: delivery.invocationMethod } as Definition;
  const planned = await planRequest(
    definition,
    delivery.triggerData as TriggerData,
    ctx.jq,
    planConfigOf(ctx.config),
  );
  return planned.errors.length ? { errors: planned.errors } : { plan: planned.plan, errors: [] };
}
