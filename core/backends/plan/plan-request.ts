import type {
  AzureDevopsMethod,
  Definition,
  GithubMethod,
  GitlabMethod,
  InvocationMethod,
  KafkaMethod,
  UpsertEntityMethod,
  WebhookMethod,
} from '../../definitions/definition.js';
import type { JqEngine } from '../../jq/jq-engine.js';
import { maskSecrets } from '../../template/mask-secrets.js';
import { renderTemplate } from '../../template/render-template.js';
import type { TriggerData } from '../../trigger-data/trigger-data.js';
import type { PlanConfig } from './plan-config.js';
import { planAzureDevops } from './plan-azure-devops.js';
import { planGithub } from './plan-github.js';
import { planGitlab } from './plan-gitlab.js';
import { planKafka } from './plan-kafka.js';
import { planUpsertEntity } from './plan-upsert-entity.js';
import { planWebhook } from './plan-webhook.js';
import type { PlanError, RequestPlan } from './request-plan.js';

export interface PlannedRequest {
  /** The exact request, secrets included: only for sending, never for printing or storing. */
  readonly plan: RequestPlan;
  /** The same request with every secret value replaced by `***`. */
  readonly masked: RequestPlan;
  /** Render and planning errors; a run with errors is a FAILURE and is not sent. */
  readonly errors: readonly PlanError[];
}

/**
 * Renders a definition's invocation method against trigger data (with `.secrets` added,
 * payload rendering being the only place secrets are visible) and builds the exact
 * request its backend gets. Pure apart from jq: the Action's preview and the bot's
 * dispatch both call this, so a preview shows exactly what the bot sends.
 */
export async function planRequest(
  definition: Definition,
  triggerData: TriggerData,
  jq: JqEngine,
  config: PlanConfig = {},
): Promise<PlannedRequest> {
  const secrets = config.secrets ?? {};
  const data = { ...triggerData, secrets };
  const rendered = await renderTemplate(definition.invocationMethod, data, jq, {
    basePath: ['invocationMethod'],
  });
  const errors: PlanError[] = rendered.errors.map((e) => ({ path: e.path, message: e.message }));
  // The definition's method with each template replaced by what it rendered (any JSON value),
  // taken as the method of the definition's type: each planner checks the fields it reads.
  const method = (rendered.value ?? {}) as InvocationMethod;
  const runId = triggerData.run.id;
  let plan: RequestPlan;
  switch (definition.invocationMethod.type) {
    case 'WEBHOOK':
      plan = planWebhook({ ...method, type: 'WEBHOOK' } as WebhookMethod, runId, config, errors);
      break;
    case 'GITHUB':
      plan = planGithub({ ...method, type: 'GITHUB' } as GithubMethod, runId, errors);
      break;
    case 'GITLAB':
      plan = planGitlab(
        { ...method, type: 'GITLAB' } as GitlabMethod,
        runId,
        triggerData.inputs,
        config,
        errors,
      );
      break;
    case 'KAFKA':
      plan = planKafka({ ...method, type: 'KAFKA' } as KafkaMethod, runId, config);
      break;
    case 'UPSERT_ENTITY':
      plan = planUpsertEntity(
        { ...method, type: 'UPSERT_ENTITY' } as UpsertEntityMethod,
        runId,
        config,
        errors,
      );
      break;
    case 'AZURE_DEVOPS':
      plan = planAzureDevops(
        { ...method, type: 'AZURE_DEVOPS' } as AzureDevopsMethod,
        runId,
        config,
        errors,
      );
      break;
  }
  return {
    plan,
    masked: maskSecrets(plan, Object.values(secrets)),
    errors: maskSecrets(errors, Object.values(secrets)),
  };
}
