import type { PlanConfig } from '../../../core/backends/plan/plan-config.js';
import { isAutomation, type Definition } from '../../../core/definitions/definition.js';
import {
  formatDefinitionDiff,
  type DefinitionChange,
} from '../../../core/definitions/diff-definitions.js';
import type { ValidatedDefinition } from '../../../core/definitions/validate-definitions.js';
import type { JqEngine } from '../../../core/jq/jq-engine.js';
import { pickSampleEvents, type SampleEvent } from '../../../core/preview/pick-sample-events.js';
import { previewDefinition } from '../../../core/preview/preview-definition.js';
import { synthesizeInputs } from '../../../core/preview/synthesize-inputs.js';
import { newRunId } from '../../../core/runs/new-run-id.js';
import type { ChangeReport, SamplePreview } from '../../report/action-report.js';
import { secretPlaceholders } from './secret-placeholders.js';

export interface PreviewChangesInput {
  readonly changes: readonly DefinitionChange[];
  /** The validated head definitions, to know which changed ones are valid. */
  readonly head: readonly ValidatedDefinition[];
  readonly samples: readonly SampleEvent[];
  readonly secrets: Readonly<Record<string, string>>;
  readonly config?: Omit<PlanConfig, 'secrets'>;
  /** Trigger time for previews (default: now). */
  readonly at?: Date;
}

/**
 * Previews every changed definition that is valid at head on each sample event that fits
 * its trigger (a synthetic event when none does; example inputs for self-service
 * actions): matched or why not, condition values, and the masked request.
 */
export async function previewChanges(
  input: PreviewChangesInput,
  jq: JqEngine,
): Promise<ChangeReport[]> {
  const byFile = new Map(input.head.map((d) => [d.file, d]));
  const reports: ChangeReport[] = [];
  for (const change of input.changes) {
    const validated = change.kind === 'removed' ? undefined : byFile.get(change.file);
    const valid = change.kind === 'removed' || validated?.valid === true;
    const shown = (change.kind === 'removed' ? change.before : change.after) as
      Partial<Definition> | undefined;
    const previews =
      validated?.valid && change.kind !== 'removed'
        ? await previewOne(validated.value as Definition, change.file, input, jq)
        : [];
    reports.push({
      ...(change.identifier !== undefined ? { identifier: change.identifier } : {}),
      kind: change.kind,
      file: change.file,
      ...(change.previousFile ? { previousFile: change.previousFile } : {}),
      valid,
      ...describe(shown),
      diff: formatDefinitionDiff(change),
      previews,
    });
  }
  return reports;
}

async function previewOne(
  definition: Definition,
  file: string,
  input: PreviewChangesInput,
  jq: JqEngine,
): Promise<SamplePreview[]> {
  const config: PlanConfig = {
    ...input.config,
    secrets: secretPlaceholders(definition.invocationMethod, input.secrets),
  };
  const common = {
    definition,
    origin: { file },
    config,
    ...(input.at ? { at: input.at } : {}),
  };
  if (!isAutomation(definition)) {
    const preview = await previewDefinition(
      { ...common, inputs: synthesizeInputs(definition), runId: newRunId() },
      jq,
    );
    return [toSample(preview, 'example inputs', 'inputs', true)];
  }
  const samples = pickSampleEvents(definition, input.samples);
  const previews: SamplePreview[] = [];
  for (const sample of samples) {
    const preview = await previewDefinition(
      { ...common, event: sample.event, runId: newRunId() },
      jq,
    );
    previews.push(toSample(preview, sample.name, 'event', sample.synthetic));
  }
  return previews;
}

function toSample(
  preview: Awaited<ReturnType<typeof previewDefinition>>,
  sample: string,
  subject: SamplePreview['subject'],
  synthetic: boolean,
): SamplePreview {
  return {
    sample,
    subject,
    synthetic,
    matched: preview.matched,
    ...(preview.reason ? { reason: preview.reason } : {}),
    ...(preview.combinator ? { combinator: preview.combinator } : {}),
    conditions: preview.conditions,
    runId: preview.runId,
    request: preview.request,
    errors: preview.errors,
  };
}

/** `trigger` and `backend` labels for the table, from whatever shape the definition has. */
export function describe(definition: Partial<Definition> | undefined): {
  trigger?: string;
  backend?: string;
} {
  const trigger = definition?.trigger as
    { type?: unknown; event?: Record<string, unknown>; operation?: unknown } | undefined;
  const backend = (definition?.invocationMethod as { type?: unknown } | undefined)?.type;
  let label: string | undefined;
  if (trigger?.type === 'automation' && typeof trigger.event?.type === 'string') {
    const e = trigger.event;
    const selector =
      e.type === 'TIMER_PROPERTY_EXPIRED'
        ? `${String(e.blueprintIdentifier)}.${String(e.propertyIdentifier)}`
        : String(e.actionIdentifier ?? e.blueprintIdentifier ?? '');
    label = `${e.type} ${selector}`.trim();
  } else if (trigger?.type === 'self-service') {
    label = `self-service ${String(trigger.operation ?? '')}`.trim();
  }
  return {
    ...(label ? { trigger: label } : {}),
    ...(typeof backend === 'string' ? { backend } : {}),
  };
}
