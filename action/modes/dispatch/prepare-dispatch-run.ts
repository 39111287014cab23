import type { PlanConfig } from '../../../core/backends/plan/plan-config.js';
import { isAutomation, type Definition } from '../../../core/definitions/definition.js';
import type { CatalogEvent } from '../../../core/events/catalog-event.js';
import type { JqEngine } from '../../../core/jq/jq-engine.js';
import { previewDefinition, type Preview } from '../../../core/preview/preview-definition.js';
import { newRunId } from '../../../core/runs/new-run-id.js';
import type { ActionInputs } from '../../parse-inputs.js';
import { readEventInput } from './read-event-input.js';

/** One dispatch before anything is sent: its run id and time, what it runs on, its preview. */
export interface DispatchRun {
  readonly definition: Definition;
  readonly file: string;
  readonly runId: string;
  readonly at: Date;
  readonly config: PlanConfig;
  /** The sample event (automations), or `inputs` without an event (self-service actions). */
  readonly sample: { readonly name: string; readonly event: CatalogEvent | undefined };
  readonly userInputs: Readonly<Record<string, unknown>>;
  readonly preview: Preview;
}

/**
 * Gives the run its id and time, reads the sample event an automation runs on, and previews
 * the request; the send reuses the id and time, so the request sent is the one shown.
 */
export async function prepareDispatchRun(
  inputs: ActionInputs,
  workspace: string,
  jq: JqEngine,
  definition: Definition,
  file: string,
): Promise<DispatchRun> {
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
    ? await readEventInput(inputs.event || missingEvent(), workspace)
    : { name: 'inputs', event: undefined };
  const userInputs = inputs.inputs ?? {};
  const preview = await previewDefinition(
    {
      definition,
      origin: { file },
      ...(sample.event ? { event: sample.event } : { inputs: userInputs }),
      runId,
      at,
      config,
    },
    jq,
  );
  return { definition, file, runId, at, config, sample, userInputs, preview };
}

function missingEvent(): never {
  throw new Error(
    'an automation needs the "event" input: a sample event file (e.g. automations/events/x.json) or the event as JSON',
  );
}
