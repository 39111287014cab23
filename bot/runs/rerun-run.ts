import { planRequest } from '../../core/backends/plan/plan-request.js';
import { newRunId } from '../../core/runs/new-run-id.js';
import type { TriggerData } from '../../core/trigger-data/trigger-data.js';
import { ApiError } from '../api/api-error.js';
import type { BotContext } from '../bot-context.js';
import { publishRunChange } from '../live/publish-live.js';
import { buildNewRun } from '../render/build-new-run.js';
import { planConfigOf } from '../render/plan-config-of.js';
import type { RunRecord } from '../store/run-record.js';

/**
 * A new run (new id) of a run's automation on the same trigger data, rendered with the
 * definition loaded now, queued for delivery and linked both ways (`rerunOf`, `reruns`).
 * 409 `not_rerunnable` when the definition is gone or the run kept no trigger data.
 */
export async function rerunRun(
  ctx: BotContext,
  original: RunRecord,
  by: string,
): Promise<RunRecord> {
  const identifier = original.action.identifier;
  const entry =
    (original.origin.repository &&
      ctx.registry.find(`${original.origin.repository}:${identifier}`)) ||
    ctx.registry.find(identifier);
  if (!entry) {
    throw new ApiError(
      409,
      'not_rerunnable',
      `${identifier} is no longer among the loaded definitions, so run ${original.id} cannot be re-run`,
    );
  }
  const stored = original.triggerData as TriggerData | null;
  if (stored === null || typeof stored !== 'object' || typeof stored.run !== 'object') {
    throw new ApiError(
      409,
      'not_rerunnable',
      `run ${original.id} kept no trigger data (it was created before re-runs existed)`,
    );
  }
  const triggerData: TriggerData = { ...stored, run: { ...stored.run, id: newRunId() } };
  const planned = await planRequest(
    entry.definition,
    triggerData,
    ctx.jq,
    planConfigOf(ctx.config),
  );
  const built = buildNewRun({
    entry,
    triggerData,
    planned,
    source: original.source,
    depth: original.chainDepth,
    properties: original.properties,
    createdBy: by,
    secrets: ctx.config.secrets,
  });
  const run = await ctx.store.recordRerun(
    original.id,
    {
      ...built,
      blueprint: original.blueprint,
      entity: original.entity,
      createdByEmail: original.createdByEmail,
    },
    by,
  );
  if (run.status === 'FAILURE') {
    await ctx.store.setRunResult(run.id, {
      logs: [run.summary ?? 'The payload could not be rendered'],
    });
  }
  // The store queued the run's RUN_CREATED (if anything listens) with it: the relay raises it.
  ctx.notifyOutbox();
  publishRunChange(ctx, 'created', run);
  ctx.log.info({ runId: run.id, rerunOf: original.id, by }, `run ${original.id} re-run by ${by}`);
  return run;
}
