import { planRequest } from '../../../core/backends/plan/plan-request.js';
import { parseAllowedDestinations } from '../../../core/backends/send/destination-policy.js';
import type { KafkaSender } from '../../../core/backends/send/send-kafka.js';
import type { SendDeps } from '../../../core/backends/send/send-plan.js';
import { isAutomation } from '../../../core/definitions/definition.js';
import type { CatalogEvent } from '../../../core/events/catalog-event.js';
import type { JqEngine } from '../../../core/jq/jq-engine.js';
import { automationTriggerData } from '../../../core/trigger-data/automation-trigger-data.js';
import { selfServiceTriggerData } from '../../../core/trigger-data/self-service-trigger-data.js';
import { createGithubClient } from '../../github/github-client.js';
import type { ActionInputs } from '../../parse-inputs.js';
import type { DispatchRun } from './prepare-dispatch-run.js';
import type { DispatchOutcome } from './report-dispatch.js';
import { sendWithRetries } from './send-with-retries.js';

/**
 * Sends the run's request from the runner with core's senders (retried on transient failures):
 * planned again with the preview's run id and time, so the request sent is the one shown.
 */
export async function sendFromRunner(
  inputs: ActionInputs,
  jq: JqEngine,
  run: DispatchRun,
  kafka: (() => Promise<KafkaSender>) | undefined,
): Promise<DispatchOutcome> {
  const { definition, runId, at } = run;
  const data = isAutomation(definition)
    ? automationTriggerData({
        event: run.sample.event as CatalogEvent,
        automation: definition.identifier,
        runId,
        at,
      })
    : selfServiceTriggerData({ action: definition, inputs: run.userInputs, runId, at });
  const planned = await planRequest(definition, data, jq, run.config);
  const result = await sendWithRetries(planned.plan, runnerSendDeps(inputs, kafka));
  if (result.outcome === 'retry') {
    return {
      outcome: 'failed',
      status: 'FAILURE',
      logs: [...result.logs, `Gave up: ${result.error}`],
    };
  }
  return {
    outcome: result.status === 'FAILURE' ? 'failed' : 'sent',
    status: result.status,
    ...(result.link ? { link: result.link } : {}),
    logs: result.summary ? [...result.logs, result.summary] : result.logs,
  };
}

function runnerSendDeps(
  inputs: ActionInputs,
  kafka: (() => Promise<KafkaSender>) | undefined,
): SendDeps {
  return {
    ...(inputs.githubToken
      ? { github: async () => createGithubClient(inputs.githubToken).request }
      : {}),
    gitlabToken: (variable) => inputs.gitlabTokens[variable] ?? (inputs.gitlabToken || undefined),
    ...(kafka ? { kafka } : {}),
    // WEBHOOK urls reach public addresses only, unless this allow-list (as for the bot) says so.
    destinations: {
      allowed: parseAllowedDestinations(process.env.SWITCHYARD_ALLOWED_DESTINATIONS),
      allowMetadata: false,
    },
  };
}
