import type { ActionInputs } from '../../parse-inputs.js';
import type { DispatchRun } from './prepare-dispatch-run.js';
import type { DispatchOutcome } from './report-dispatch.js';
import { sendToBot } from './send-to-bot.js';

/** Hands a self-service run to the switchyard bot (`bot-url`), which renders and sends it. */
export async function sendThroughBot(
  inputs: ActionInputs,
  run: DispatchRun,
): Promise<DispatchOutcome> {
  const accepted = await sendToBot(inputs, run.definition.identifier, {
    properties: run.userInputs,
  });
  return {
    outcome: 'sent',
    ...(accepted.status ? { status: accepted.status } : {}),
    ...(accepted.link ? { link: accepted.link } : {}),
    logs: [
      `The bot accepted the run${accepted.id ? ` ${accepted.id}` : ''}; it renders and sends the request itself.`,
    ],
  };
}
