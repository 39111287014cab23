import { assertRunOpen } from '../store/apply-run-patch.js';
import { MAX_RUNS_LIMIT } from '../store/list-runs-query.js';
import { toPortRun } from '../store/to-port-run.js';
import { maskForApi } from './mask-for-api.js';
import { toUiRun } from './to-ui-run.js';
import { ApiError } from './api-error.js';
import type { ApiCall, ApiAnswer, ApiRoute } from './api-route.js';
import { notifyRunChanged } from './notify-run-changed.js';
import { parseRunFilter } from './parse-run-filter.js';
import { parseRunPatch } from './parse-run-patch.js';
import { readJsonBody } from './read-json-body.js';
import { encodeRunCursor } from './run-list-cursor.js';

export function runNotFound(runId: string): ApiError {
  return new ApiError(404, 'not_found', `run ${runId} was not found`);
}

/** `GET /v1/actions/runs/{run_id}` → `{ok, run}`. */
async function getRun({ ctx, params }: ApiCall): Promise<ApiAnswer> {
  const run = await ctx.store.getRun(params.runId!);
  if (run === null) throw runNotFound(params.runId!);
  const links = await ctx.store.runLinks(run.id);
  const detail = {
    ...toUiRun(run),
    request: run.payload,
    triggerData: run.triggerData,
    chain: { parent: links.parent, children: links.children },
    reruns: links.reruns,
  };
  return { status: 200, body: { ok: true, run: maskForApi(ctx.config, detail) } };
}

/**
 * `GET /v1/actions/runs?…` → `{ok, runs, next?}`, newest first, filters AND-ed. A full page
 * carries `next`: pass it as `?next=` (with the same filters) for the following page.
 */
async function listRuns({ ctx, query }: ApiCall): Promise<ApiAnswer> {
  const filter = parseRunFilter(query);
  const runs = await ctx.store.listRuns(filter);
  const last = runs.length === (filter.limit ?? MAX_RUNS_LIMIT) ? runs.at(-1) : undefined;
  return {
    status: 200,
    body: {
      ok: true,
      runs: maskForApi(ctx.config, runs.map(toUiRun)),
      ...(last ? { next: encodeRunCursor(last) } : {}),
    },
  };
}

/**
 * `PATCH /v1/actions/runs/{run_id}`: each given key replaces its value; a final status ends
 * the run. `message` (deprecated in Port) is added as a log first. Fires RUN_UPDATED.
 */
async function patchRun({ req, ctx, params, caller }: ApiCall): Promise<ApiAnswer> {
  const runId = params.runId!;
  const { patch, message } = parseRunPatch(await readJsonBody(req));
  const by = caller.subject === null ? {} : { createdBy: caller.subject };
  if (message !== undefined) {
    // A PATCH changes the run: refused once it ended, even with only the deprecated message
    // (plain logs go to POST …/logs, which accepts them after the end).
    const current = await ctx.store.getRun(runId);
    if (current === null) throw runNotFound(runId);
    assertRunOpen(current);
    await ctx.store.addRunLog(runId, { message, ...by });
  }
  if (Object.keys(patch).length === 0) {
    // Nothing to change (or only a log): answer the run as it is; nothing fires.
    const run = await ctx.store.getRun(runId);
    if (run === null) throw runNotFound(runId);
    if (message === undefined) assertRunOpen(run);
    return { status: 200, body: { ok: true, run: toPortRun(run) } };
  }
  const change = await ctx.store.patchRun(runId, {
    ...patch,
    ...(caller.subject === null ? {} : { updatedBy: caller.subject }),
  });
  notifyRunChanged(ctx, change);
  return { status: 200, body: { ok: true, run: toPortRun(change.after) } };
}

export const runRoutes: readonly ApiRoute[] = [
  { method: 'GET', pattern: '/v1/actions/runs', auth: true, handle: listRuns },
  { method: 'GET', pattern: '/v1/actions/runs/:runId', auth: true, handle: getRun },
  { method: 'PATCH', pattern: '/v1/actions/runs/:runId', auth: true, handle: patchRun },
];
