import { isAutomation, type Definition } from '../../../core/definitions/definition.js';
import type { JqEngine } from '../../../core/jq/jq-engine.js';
import type { GithubContext } from '../../github-context.js';
import type { ActionInputs } from '../../parse-inputs.js';
import type { ActionReport } from '../../report/action-report.js';
import { loadHead } from '../validate/load-head.js';
import { dispatchBaseReport } from './dispatch-base-report.js';
import { findDispatchDefinition } from './find-dispatch-definition.js';
import { lazyKafka } from './lazy-kafka.js';
import { prepareDispatchRun } from './prepare-dispatch-run.js';
import { reportDispatch } from './report-dispatch.js';
import { sendFromRunner } from './send-from-runner.js';
import { sendThroughBot } from './send-through-bot.js';
import { whyNotSent } from './why-not-sent.js';

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
  const found = findDispatchDefinition(head, inputs.automation, inputs.path);
  const base = dispatchBaseReport(inputs, github, head, found);
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
  const run = await prepareDispatchRun(inputs, github.workspace, jq, definition, found.file);
  const via = inputs.botUrl ? ('bot' as const) : ('backend' as const);
  const shown = { via, request: run.preview.request, errors: run.preview.errors };
  // Connects only if a KAFKA request is sent; closed once the report (and outputs) are done.
  const kafka = lazyKafka(inputs);
  try {
    const outcome =
      whyNotSent(run.preview, inputs.dryRun) ??
      (via === 'bot'
        ? await sendThroughBot(inputs, run)
        : await sendFromRunner(inputs, jq, run, kafka.get));
    return reportDispatch(base, run, inputs.dryRun, { ...shown, ...outcome });
  } finally {
    await kafka.close();
  }
}
