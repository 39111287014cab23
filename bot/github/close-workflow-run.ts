import type { BotContext } from '../bot-context.js';
import { StoreError } from '../store/store-error.js';
import type { RunRecord } from '../store/run-record.js';

/** What of a `workflow_run` webhook closes a run. */
export interface WorkflowRunCompleted {
  readonly workflow_run: {
    readonly id: number;
    readonly run_attempt?: number;
    readonly conclusion: string | null;
    readonly html_url: string;
    readonly display_title?: string;
  };
  readonly repository: { readonly id: number; readonly owner: { readonly id: number } };
}

const SUCCESSFUL = new Set(['success', 'skipped', 'neutral']);
const RUN_ID = /\br_[0-9A-Za-z]{16}\b/;

/**
 * `workflow_run` completed: closes the run dispatched for it — found by `externalRunId =
 * gh_<ownerId>_<repoId>_<runId>`, or by the run id in the title (the GHES fallback's run-name) —
 * when it is IN_PROGRESS and its definition reports the workflow status (`reportWorkflowStatus`
 * not false). SUCCESS for success, skipped and neutral; FAILURE otherwise. A run that already
 * ended is left alone, so a redelivery or a re-run (a later `run_attempt`) changes nothing.
 */
export async function closeWorkflowRun(
  ctx: BotContext,
  payload: WorkflowRunCompleted,
): Promise<{ closed: string[] }> {
  const { workflow_run: workflowRun, repository } = payload;
  const externalRunId = `gh_${repository.owner.id}_${repository.id}_${workflowRun.id}`;
  let runs = await ctx.store.listRuns({ externalRunId });
  if (runs.length === 0) {
    const id = RUN_ID.exec(workflowRun.display_title ?? '')?.[0];
    const run = id ? await ctx.store.getRun(id) : null;
    runs = run && run.backendType === 'GITHUB' ? [run] : [];
  }
  const closed: string[] = [];
  for (const run of runs) {
    if (run.status !== 'IN_PROGRESS' || !reportsStatus(run)) continue;
    const conclusion = workflowRun.conclusion ?? 'unknown';
    const status = SUCCESSFUL.has(conclusion) ? 'SUCCESS' : 'FAILURE';
    const attempt = workflowRun.run_attempt ?? 1;
    try {
      const added = await ctx.store.addRunLog(run.id, {
        message: `Workflow completed: ${conclusion} (${workflowRun.html_url}${attempt > 1 ? `, attempt ${attempt}` : ''})`,
        terminationStatus: status,
      });
      if (added.change) ctx.runChanged(added.change);
      closed.push(run.id);
      ctx.log.info(
        { runId: run.id, automation: scopedName(run) },
        `workflow run ${workflowRun.id} completed: ${conclusion} → ${status}`,
      );
    } catch (error) {
      // Another delivery (or the run API) ended it first.
      if (!(error instanceof StoreError && error.code === 'run_exhausted')) throw error;
    }
  }
  return { closed };
}

function reportsStatus(run: RunRecord): boolean {
  const payload = run.payload as { reportWorkflowStatus?: unknown } | null;
  return payload?.reportWorkflowStatus !== false;
}

function scopedName(run: RunRecord): string {
  return run.origin.repository
    ? `${run.origin.repository}:${run.action.identifier}`
    : run.action.identifier;
}
