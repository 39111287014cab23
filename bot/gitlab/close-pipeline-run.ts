import type { BotContext } from '../bot-context.js';
import { isStoreError } from '../store/store-error.js';

/** What a Pipeline Hook did: which runs it closed, or why it changed nothing. */
export interface PipelineHookOutcome {
  readonly externalRunId?: string;
  readonly status?: string;
  /** Runs this hook ended (none when the status is not terminal or they had ended already). */
  readonly closed: readonly string[];
  readonly ignored?: string;
}

const TERMINAL: Readonly<Record<string, 'SUCCESS' | 'FAILURE'>> = {
  success: 'SUCCESS',
  failed: 'FAILURE',
  canceled: 'FAILURE',
  skipped: 'FAILURE',
};

/**
 * Closes the run a GitLab "Pipeline Hook" reports on (`externalRunId = gl_<project>_<pipeline>`):
 * `success` → SUCCESS; `failed`, `canceled`, `skipped` → FAILURE, with a log line naming the
 * status and the pipeline. Other statuses change nothing. Idempotent: a run that has ended
 * already (an earlier hook, or the run API) is left alone.
 */
export async function closePipelineRun(
  ctx: BotContext,
  hook: unknown,
): Promise<PipelineHookOutcome> {
  const body = (hook ?? {}) as {
    object_kind?: unknown;
    object_attributes?: { id?: unknown; status?: unknown; url?: unknown };
    project?: { id?: unknown; web_url?: unknown };
  };
  const pipelineId = body.object_attributes?.id;
  const projectId = body.project?.id;
  const status = body.object_attributes?.status;
  if (typeof pipelineId !== 'number' || typeof projectId !== 'number' || typeof status !== 'string')
    return {
      closed: [],
      ignored: 'not a pipeline event (object_attributes.id, object_attributes.status, project.id)',
    };
  const externalRunId = `gl_${projectId}_${pipelineId}`;
  const final = TERMINAL[status];
  if (!final)
    return { externalRunId, status, closed: [], ignored: `status ${status} is not final` };

  const url =
    typeof body.object_attributes?.url === 'string'
      ? body.object_attributes.url
      : typeof body.project?.web_url === 'string'
        ? `${body.project.web_url}/-/pipelines/${pipelineId}`
        : `pipeline ${pipelineId}`;
  const runs = await ctx.store.listRuns({ externalRunId, active: true, limit: 100 });
  const closed: string[] = [];
  for (const run of runs) {
    try {
      const { change } = await ctx.store.addRunLog(run.id, {
        message: `GitLab pipeline ${status}: ${url}`,
        terminationStatus: final,
        statusLabel: `Pipeline ${status}`,
        createdBy: 'gitlab',
      });
      closed.push(run.id);
      ctx.log.info({ runId: run.id, externalRunId, status }, `GitLab pipeline ${status}: ${url}`);
      if (change) ctx.runChanged(change);
    } catch (error) {
      // Another hook (or the run API) ended it first: nothing left to do.
      if (!isStoreError(error, 'run_exhausted')) throw error;
    }
  }
  if (closed.length === 0 && runs.length === 0) {
    ctx.log.debug({ externalRunId, status }, 'pipeline hook for no open run');
  }
  return { externalRunId, status, closed };
}
