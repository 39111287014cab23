import { rerunRun } from '../runs/rerun-run.js';
import type { ApiAnswer, ApiCall, ApiRoute } from './api-route.js';
import { whoIs } from './authenticate.js';
import { bodyObject } from './body-object.js';
import { maskForApi } from './mask-for-api.js';
import { notifyRunChanged } from './notify-run-changed.js';
import { readJsonBody } from './read-json-body.js';
import { runNotFound } from './run-routes.js';
import { toUiRun } from './to-ui-run.js';

/** `GET /v1/actions/runs/{id}/attempts` → every delivery attempt, oldest first. */
async function listAttempts({ ctx, params }: ApiCall): Promise<ApiAnswer> {
  const runId = params.runId!;
  if ((await ctx.store.getRun(runId)) === null) throw runNotFound(runId);
  const attempts = await ctx.store.listDeliveryAttempts(runId);
  return { status: 200, body: { ok: true, attempts: maskForApi(ctx.config, attempts) } };
}

/** `POST /v1/actions/runs/{id}/rerun` → 201 `{ok, run}`: a new run of the current definition. */
async function rerun({ req, ctx, params, caller }: ApiCall): Promise<ApiAnswer> {
  bodyObject(await readJsonBody(req), []);
  const original = await ctx.store.getRun(params.runId!);
  if (original === null) throw runNotFound(params.runId!);
  const run = await rerunRun(ctx, original, whoIs(caller));
  return {
    status: 201,
    body: { ok: true, run: maskForApi(ctx.config, toUiRun(run)) },
    ids: { runs: [original.id, run.id] },
  };
}

/** `POST /v1/actions/runs/{id}/cancel` → the run ended "Cancelled"; 409 when not waiting. */
async function cancel({ req, ctx, params, caller }: ApiCall): Promise<ApiAnswer> {
  bodyObject(await readJsonBody(req), []);
  const by = whoIs(caller);
  const change = await ctx.store.cancelRun(params.runId!, by);
  ctx.log.info({ runId: change.after.id, by }, `run ${change.after.id} cancelled by ${by}`);
  notifyRunChanged(ctx, change);
  return {
    status: 200,
    body: { ok: true, run: maskForApi(ctx.config, toUiRun(change.after)) },
    ids: { runs: [change.after.id] },
  };
}

export const runActionRoutes: readonly ApiRoute[] = [
  { method: 'GET', pattern: '/v1/actions/runs/:runId/attempts', auth: true, handle: listAttempts },
  { method: 'POST', pattern: '/v1/actions/runs/:runId/rerun', auth: true, ui: true, handle: rerun },
  {
    method: 'POST',
    pattern: '/v1/actions/runs/:runId/cancel',
    auth: true,
    ui: true,
    handle: cancel,
  },
];
