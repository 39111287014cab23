import { parseAllowedDestinations } from '../../../core/backends/send/destination-policy.js';
import * as core from '@actions/core';
import type { PlanConfig } from '../../../core/backends/plan/plan-config.js';
import { planRequest } from '../../../core/backends/plan/plan-request.js';
import type { SendDeps } from '../../../core/backends/send/send-plan.js';
import type { KafkaSender } from '../../../core/backends/send/send-kafka.js';
import type { GithubRequest } from '../../../core/backends/send/send-github.js';
import { isAutomation, type Definition } from '../../../core/definitions/definition.js';
import type { CatalogEvent } from '../../../core/events/catalog-event.js';
import type { JqEngine } from '../../../core/jq/jq-engine.js';
import { previewDefinition } from '../../../core/preview/preview-definition.js';
import { newRunId } from '../../../core/runs/new-run-id.js';
import { automationTriggerData } from '../../../core/trigger-data/automation-trigger-data.js';
import { selfServiceTriggerData } from '../../../core/trigger-data/self-service-trigger-data.js';
import { createGithubClient } from '../../github/github-client.js';
import type { GithubContext } from '../../github-context.js';
import type { ActionInputs } from '../../parse-inputs.js';
import type { ActionReport, DispatchReport } from '../../report/action-report.js';
import { loadHead } from '../validate/load-head.js';
import { isValid } from '../../report/is-valid.js';
import { readEventInput } from './read-event-input.js';
import { sendToBot } from './send-to-bot.js';
import { sendWithRetries } from './send-with-retries.js';

/**
 * workflow_dispatch: runs one automation (on the `event` input) or self-service action
 * (with the `inputs` input) for real — the request core plans, sent by core's senders,
 * or handed to the switchyard bot when `bot-url` is set.
 */
export async function dispatchMode(
  inputs: ActionInputs,
  github: GithubContext,
  jq: JqEngine,
): Promise<ActionReport> {
  if (!inputs.automation)
    throw new Error(
      'dispatch mode needs the "identifier" input: the automation or self-service action to run',
    );
  const head = await loadHead(github.workspace, inputs.path, inputs.eventsFolder, jq);
  const found = head.validation.definitions.find((d) => d.identifier === inputs.automation);
  if (!found) {
    const known = head.validation.definitions.flatMap((d) => (d.identifier ? [d.identifier] : []));
    throw new Error(
      `no definition with identifier "${inputs.automation}" in ${inputs.path} (found: ${known.join(', ') || 'none'})`,
    );
  }
  const problems = head.validation.problems.filter((p) => p.file === found.file);
  const errorCount = problems.filter((p) => p.severity === 'error').length;
  const base = {
    mode: 'dispatch' as const,
    strict: inputs.strict,
    path: inputs.path,
    fileCount: head.files.length,
    errorCount,
    warningCount: problems.length - errorCount,
    problems,
    changes: [],
    previewErrorCount: 0,
    ...(github.sha ? { headSha: github.sha } : {}),
    notes: [] as string[],
  };
  if (!found.valid) {
    return {
      ...base,
      valid: false,
      notes: [`\`${found.file}\` has errors, so ${inputs.automation} was not run.`],
    };
  }

  const definition = found.value as Definition;
  if (inputs.botUrl && isAutomation(definition)) {
    throw new Error(
      `${definition.identifier} is an automation: the bot runs it when its trigger event arrives (POST /v1/events), and executes only self-service actions on request. Drop bot-url to send this automation's request from the runner.`,
    );
  }
  const runId = newRunId();
  const at = new Date();
  const config: PlanConfig = {
    secrets: inputs.secrets,
    now: at,
    ...(inputs.signingSecret ? { signingSecret: inputs.signingSecret } : {}),
    ...(inputs.gitlabUrl ? { gitlabUrl: inputs.gitlabUrl } : {}),
    ...(inputs.kafkaTopic ? { kafkaTopic: inputs.kafkaTopic } : {}),
  };
  const sample = isAutomation(definition)
    ? await readEventInput(inputs.event || missingEvent(), github.workspace)
    : { name: 'inputs', event: undefined };
  const userInputs = inputs.inputs ?? {};
  const preview = await previewDefinition(
    {
      definition,
      origin: { file: found.file },
      ...(sample.event ? { event: sample.event } : { inputs: userInputs }),
      runId,
      at,
      config,
    },
    jq,
  );
  const report = (
    dispatch: Omit<
      DispatchReport,
      'identifier' | 'file' | 'sample' | 'runId' | 'matched' | 'dryRun'
    >,
  ): ActionReport => {
    const full: DispatchReport = {
      identifier: definition.identifier,
      file: found.file,
      sample: sample.name,
      runId,
      matched: preview.matched,
      ...(preview.reason ? { reason: preview.reason } : {}),
      dryRun: inputs.dryRun,
      ...dispatch,
    };
    core.setOutput('run-id', full.runId);
    core.setOutput('status', full.status ?? full.outcome.toUpperCase());
    const failed = full.outcome === 'failed';
    return {
      ...base,
      valid: !failed && isValid(errorCount, base.warningCount, 0, inputs.strict),
      dispatch: full,
    };
  };
  const via = inputs.botUrl ? ('bot' as const) : ('backend' as const);
  const shown = { via, request: preview.request, errors: preview.errors };

  if (!preview.matched)
    return report({
      ...shown,
      outcome: 'skipped',
      logs: ['The event does not match, so nothing was sent.'],
    });
  if (preview.errors.length)
    return report({
      ...shown,
      outcome: 'failed',
      status: 'FAILURE',
      logs: ['The payload did not render, so nothing was sent.'],
    });
  if (inputs.dryRun)
    return report({ ...shown, outcome: 'skipped', logs: ['Dry run: nothing was sent.'] });

  if (via === 'bot') {
    const run = await sendToBot(inputs, definition.identifier, { properties: userInputs });
    return report({
      ...shown,
      outcome: 'sent',
      ...(run.status ? { status: run.status } : {}),
      ...(run.link ? { link: run.link } : {}),
      logs: [
        `The bot accepted the run${run.id ? ` ${run.id}` : ''}; it renders and sends the request itself.`,
      ],
    });
  }

  // Same run id and time as the preview above, so the request sent is the one shown.
  const data = isAutomation(definition)
    ? automationTriggerData({
        event: sample.event as CatalogEvent,
        automation: definition.identifier,
        runId,
        at,
      })
    : selfServiceTriggerData({ action: definition, inputs: userInputs, runId, at });
  const planned = await planRequest(definition, data, jq, config);
  const kafka = lazyKafka(inputs);
  try {
    const result = await sendWithRetries(planned.plan, sendDeps(inputs, kafka.get));
    if (result.outcome === 'retry') {
      return report({
        ...shown,
        outcome: 'failed',
        status: 'FAILURE',
        logs: [...result.logs, `Gave up: ${result.error}`],
      });
    }
    return report({
      ...shown,
      outcome: result.status === 'FAILURE' ? 'failed' : 'sent',
      status: result.status,
      ...(result.link ? { link: result.link } : {}),
      logs: result.summary ? [...result.logs, result.summary] : result.logs,
    });
  } finally {
    await kafka.close();
  }
}

function missingEvent(): never {
  throw new Error(
    'an automation needs the "event" input: a sample event file (e.g. automations/events/x.json) or the event as JSON',
  );
}

function sendDeps(inputs: ActionInputs, kafka: (() => Promise<KafkaSender>) | undefined): SendDeps {
  return {
    ...(inputs.githubToken
      ? {
          github: async () =>
            createGithubClient(inputs.githubToken).request as unknown as GithubRequest,
        }
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

/**
 * A kafkajs producer, connected on first use, when `kafka-brokers` is set (kafkajs is
 * only loaded then).
 */
function lazyKafka(inputs: ActionInputs): {
  get: (() => Promise<KafkaSender>) | undefined;
  close: () => Promise<void>;
} {
  if (inputs.kafkaBrokers.length === 0) return { get: undefined, close: async () => {} };
  let producer: Promise<KafkaSender & { disconnect(): Promise<void> }> | undefined;
  const get = () =>
    (producer ??= import('kafkajs').then(async ({ Kafka, logLevel }) => {
      const created = new Kafka({
        clientId: 'switchyard-action',
        brokers: [...inputs.kafkaBrokers],
        logLevel: logLevel.NOTHING,
      }).producer();
      await created.connect();
      return created as unknown as KafkaSender & { disconnect(): Promise<void> };
    }));
  return {
    get,
    close: async () => {
      if (producer) await (await producer.catch(() => undefined))?.disconnect();
    },
  };
}
