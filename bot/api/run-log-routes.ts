import { ApiError, invalidRequest } from './api-error.js';
import type { ApiAnswer, ApiCall, ApiRoute } from './api-route.js';
import { bodyObject, optionalFinalStatus, optionalText } from './body-object.js';
import { notifyRunChanged } from './notify-run-changed.js';
import { readJsonBody } from './read-json-body.js';
import { runNotFound } from './run-routes.js';

/**
 * `POST /v1/actions/runs/{run_id}/logs` `{message, terminationStatus?, statusLabel?}` → 201
 * `{ok, runLog}`. A `terminationStatus` ends the run; afterwards every change is refused
 * (`run_exhausted`). A log that changed the run's status or label fires RUN_UPDATED.
 */
async function addRunLog({ req, ctx, params, caller }: ApiCall): Promise<ApiAnswer> {
  const body = bodyObject(await readJsonBody(req), ['message', 'terminationStatus', 'statusLabel']);
  const message = optionalText(body, 'message', false);
  if (message === undefined || message === null) throw invalidRequest('message is required');
  const terminationStatus = optionalFinalStatus(body, 'terminationStatus');
  const statusLabel = optionalText(body, 'statusLabel', true);
  const added = await ctx.store.addRunLog(params.runId!, {
    message,
    ...(terminationStatus === undefined ? {} : { terminationStatus }),
    ...(statusLabel === undefined ? {} : { statusLabel }),
    ...(caller.subject === null ? {} : { createdBy: caller.subject }),
  });
  if (added.change !== null) notifyRunChanged(ctx, added.change);
  return { status: 201, body: { ok: true, runLog: added.log } };
}

/** `GET /v1/actions/runs/{run_id}/logs?limit=1..50&offset=` → `{ok, runLogs}`, oldest first. */
async function listRunLogs({ ctx, params, query }: ApiCall): Promise<ApiAnswer> {
  const limit = integerParam(query, 'limit', 1, 50) ?? 50;
  const offset = integerParam(query, 'offset', 0, Number.MAX_SAFE_INTEGER) ?? 0;
  const run = await ctx.store.getRun(params.runId!);
  if (run === null) throw runNotFound(params.runId!);
  const runLogs = await ctx.store.listRunLogs(run.id, { limit, offset });
  return { status: 200, body: { ok: true, runLogs } };
}

function integerParam(
  query: URLSearchParams,
  name: string,
  min: number,
  max: number,
): number | undefined {
  const raw = query.get(name);
  if (raw === null) return undefined;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    const range =
      max === Number.MAX_SAFE_INTEGER
        ? `an integer of at least ${min}`
        : `an integer from ${min} to ${max}`;
    throw new ApiError(422, 'invalid_request', `${name} must be ${range}, not "${raw}"`);
  }
  return value;
}

export const runLogRoutes: readonly ApiRoute[] = [
  { method: 'POST', pattern: '/v1/actions/runs/:runId/logs', auth: true, handle: addRunLog },
  { method: 'GET', pattern: '/v1/actions/runs/:runId/logs', auth: true, handle: listRunLogs },
];
