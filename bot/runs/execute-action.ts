import { planRequest } from '../../core/backends/plan/plan-request.js';
import type { SelfServiceAction } from '../../core/definitions/definition.js';
import { newId, newRunId } from '../../core/runs/new-run-id.js';
import { selfServiceTriggerData } from '../../core/trigger-data/self-service-trigger-data.js';
import type { BotContext } from '../bot-context.js';
import type { ActiveDefinition } from '../definitions/definition-registry.js';
import type { RunRecord } from '../store/run-record.js';
import { buildNewRun } from '../render/build-new-run.js';
import { publishRunChange } from '../live/publish-live.js';
import { planConfigOf } from '../render/plan-config-of.js';

/**
 * Runs a self-service action (`POST /v1/actions/{identifier}/runs`) with inputs already
 * validated: renders its backend request, stores the run and queues it (and its RUN_CREATED,
 * when something listens), wakes the dispatcher and the chain relay.
 */
export async function executeAction(
  ctx: BotContext,
  entry: ActiveDefinition,
  request: {
    properties: Record<string, unknown>;
    entity?: Record<string, unknown> | null;
    runAs?: string;
    /** The API caller (the token's client id): the run's `createdBy`. */
    createdBy?: string | null;
  },
): Promise<RunRecord> {
  const action = entry.definition as SelfServiceAction;
  const runId = newRunId();
  const triggerData = selfServiceTriggerData({
    action,
    inputs: request.properties,
    runId,
    origin: 'API',
    ...(request.entity === undefined ? {} : { entity: request.entity }),
    ...(request.runAs ? { by: { user: { email: request.runAs } } } : {}),
  });
  const planned = await planRequest(action, triggerData, ctx.jq, planConfigOf(ctx.config));
  const run = buildNewRun({
    entry,
    triggerData,
    planned,
    source: 'API',
    depth: 0,
    properties: request.properties,
    secrets: ctx.config.secrets,
    ...(request.createdBy ? { createdBy: request.createdBy } : {}),
  });
  await ctx.store.recordEvent(
    {
      id: newId('exec_'),
      source: 'internal',
      body: { action: action.identifier, properties: request.properties },
    },
    [{ ...run, ...(request.runAs ? { createdByEmail: request.runAs } : {}) }],
  );
  if (run.status === 'FAILURE')
    await ctx.store.setRunResult(run.id, {
      logs: [run.summary ?? 'The payload could not be rendered'],
    });
  ctx.notifyOutbox();
  const stored = (await ctx.store.getRun(run.id))!;
  publishRunChange(ctx, 'created', stored);
  return stored;
}
