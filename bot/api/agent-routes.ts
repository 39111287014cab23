import type { WebhookPlan } from '../../core/backends/plan/request-plan.js';
import { resolvePlan } from '../deliver/resolve-plan.js';
import type { ClaimedAgentRun } from '../store/store.js';
import { toPortRun } from '../store/to-port-run.js';
import { ApiError, invalidRequest } from './api-error.js';
import type { ApiAnswer, ApiCall, ApiRoute } from './api-route.js';
import { apiCredentials } from './authenticate.js';
import { bodyObject } from './body-object.js';
import { readJsonBody } from './read-json-body.js';
import { runNotFound } from './run-routes.js';

/** An agent that claimed runs and did not acknowledge them within this time loses them. */
export const AGENT_CLAIM_LEASE_MS = 120_000;
/** port-agent's default batch (`POLLING_RUNS_BATCH_SIZE`). */
const DEFAULT_CLAIM_LIMIT = 100;
const MAX_CLAIM_LIMIT = 1000;
export const AGENT_ACK_LOG =
  'The execution agent acknowledged the run: it sends the request and reports the result';

/**
 * The agent API hands out rendered requests with their secret values (the agent sends them),
 * so it exists only behind access tokens.
 */
function requireCredentials(call: ApiCall): void {
  if (apiCredentials(call.ctx.config) === undefined) {
    throw new ApiError(
      403,
      'forbidden',
      'the agent API hands out requests with their secret values, so it needs access tokens: set SWITCHYARD_CLIENT_ID and SWITCHYARD_CLIENT_SECRET and give the same values to port-agent (PORT_CLIENT_ID, PORT_CLIENT_SECRET)',
    );
  }
}

/**
 * `POST /v1/actions/runs/claim-pending` `{installationId, limit?, invocationMethod?: "WEBHOOK"}`
 * → `{ok, runs}`: WEBHOOK runs with `agent: true` waiting for an agent, oldest first, each
 * claimed for `AGENT_CLAIM_LEASE_MS`. A run's `payload` is its rendered invocation method
 * (`type, url, agent, synchronized, method, headers, body`, secrets included), as
 * port-agent's polling streamer reads it. A run whose request cannot be rendered any more (a
 * secret no longer configured) ends FAILURE instead of being handed out.
 */
async function claimPending(call: ApiCall): Promise<ApiAnswer> {
  requireCredentials(call);
  const { ctx, req } = call;
  const body = bodyObject(await readJsonBody(req), ['installationId', 'limit', 'invocationMethod']);
  const installationId = body.installationId;
  if (typeof installationId !== 'string' || installationId.trim() === '') {
    throw invalidRequest(
      'installationId is required: the agent that claims (port-agent sends "_PORT_EXEC_AGENT")',
    );
  }
  const limit = body.limit ?? DEFAULT_CLAIM_LIMIT;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_CLAIM_LIMIT)
    throw invalidRequest(`limit must be an integer from 1 to ${MAX_CLAIM_LIMIT}`);
  if (body.invocationMethod !== undefined && body.invocationMethod !== 'WEBHOOK') {
    throw invalidRequest(
      `invocationMethod must be "WEBHOOK", not ${JSON.stringify(body.invocationMethod)}: only WEBHOOK runs with agent: true wait for an agent`,
    );
  }
  const claimed = await ctx.store.claimAgentRuns({
    claimant: installationId,
    limit,
    leaseMs: AGENT_CLAIM_LEASE_MS,
  });
  const runs = [];
  for (const claim of claimed) {
    const run = await agentRun(call, claim, installationId);
    if (run) runs.push(run);
  }
  return { status: 200, body: { ok: true, runs }, ids: { runs: runs.map((r) => r.id) } };
}

async function agentRun(call: ApiCall, claim: ClaimedAgentRun, installationId: string) {
  const { ctx } = call;
  const { run } = claim;
  const resolved = run.delivery ? await resolvePlan(ctx, run.delivery) : { errors: [] };
  const plan = resolved.plan;
  if (plan?.type !== 'WEBHOOK') {
    const reasons = resolved.errors.map((e) => `${e.path}: ${e.message}`).join('; ');
    const summary = `The payload could not be rendered for the execution agent${reasons ? `: ${reasons}` : ''}`;
    const change = await ctx.store.setRunResult(run.id, {
      status: 'FAILURE',
      summary,
      logs: [summary],
    });
    if (change.applied) ctx.runChanged(change);
    return undefined;
  }
  return {
    ...toPortRun(run),
    payload: portPayload(plan),
    pendingExecution: true,
    installationId,
    claimedUntil: new Date(claim.claimedUntil).toISOString(),
  };
}

/** Port's `payload` of a WEBHOOK run: the rendered invocation method. */
function portPayload(plan: WebhookPlan) {
  return {
    type: 'WEBHOOK',
    url: plan.url,
    agent: plan.agent,
    synchronized: plan.synchronized,
    method: plan.method,
    headers: plan.headers,
    body: plan.body ?? {},
  };
}

/**
 * `PATCH /v1/actions/runs/ack` `{runIds}` → `{ok, ackedCount}`: the claimed runs leave the
 * queue (each logs it); runs not claimed, or already acknowledged, are not counted.
 */
async function ackRuns(call: ApiCall): Promise<ApiAnswer> {
  requireCredentials(call);
  const body = bodyObject(await readJsonBody(call.req), ['runIds']);
  const runIds = body.runIds;
  if (!Array.isArray(runIds) || !runIds.every((id) => typeof id === 'string' && id !== '')) {
    throw invalidRequest('runIds must be an array of run ids');
  }
  if (runIds.length > MAX_CLAIM_LIMIT) {
    throw invalidRequest(`runIds may hold at most ${MAX_CLAIM_LIMIT} run ids`);
  }
  const acked = await call.ctx.store.ackAgentRuns(runIds as string[], AGENT_ACK_LOG);
  return { status: 200, body: { ok: true, ackedCount: acked.length }, ids: { runs: acked } };
}

/**
 * `PATCH /v1/actions/runs/{run_id}/response` `{response}` → `{ok, run}`: the response of a
 * synchronized webhook the agent sent, stored on the run (`run.response`), whether the run
 * is still open or has ended; the status is not changed and nothing fires.
 */
async function reportResponse({ req, ctx, params, caller }: ApiCall): Promise<ApiAnswer> {
  const body = bodyObject(await readJsonBody(req), ['response']);
  if (!('response' in body)) throw invalidRequest('response is required (any JSON value)');
  const runId = params.runId!;
  if ((await ctx.store.getRun(runId)) === null) throw runNotFound(runId);
  const run = await ctx.store.setRunResponse(runId, body.response, caller.subject ?? undefined);
  return { status: 200, body: { ok: true, run: toPortRun(run) }, ids: { runs: [runId] } };
}

/**
 * `POST /v1/workflows/runs/claim-pending`: port-agent's polling streamer also asks for Port
 * workflow node runs on every poll (and exits after an hour of errors); switchyard has no
 * workflows, so there are never any.
 */
async function claimPendingNodeRuns(call: ApiCall): Promise<ApiAnswer> {
  requireCredentials(call);
  bodyObject(await readJsonBody(call.req), ['installationId', 'limit']);
  return { status: 200, body: { ok: true, nodeRuns: [] } };
}

/** `GET /v1/kafka-credentials`: refused, saying how to run port-agent instead. */
async function kafkaCredentials(): Promise<ApiAnswer> {
  throw new ApiError(
    501,
    'not_implemented',
    'switchyard does not hand out Kafka credentials. Run port-agent with STREAMER_NAME=POLLING (it then claims WEBHOOK runs with agent: true over HTTP), or, to consume a Kafka topic of your own, with USING_LOCAL_PORT_INSTANCE=true and KAFKA_CONSUMER_BOOTSTRAP_SERVERS set',
  );
}

/** Port's agent API (docs/api.md, "Agent API"); listed before the run routes (`ack` is no run id). */
export const agentRoutes: readonly ApiRoute[] = [
  {
    method: 'POST',
    pattern: '/v1/actions/runs/claim-pending',
    auth: true,
    handle: claimPending,
  },
  { method: 'PATCH', pattern: '/v1/actions/runs/ack', auth: true, handle: ackRuns },
  {
    method: 'PATCH',
    pattern: '/v1/actions/runs/:runId/response',
    auth: true,
    handle: reportResponse,
  },
  {
    method: 'POST',
    pattern: '/v1/workflows/runs/claim-pending',
    auth: true,
    handle: claimPendingNodeRuns,
  },
  { method: 'GET', pattern: '/v1/kafka-credentials', auth: true, handle: kafkaCredentials },
];
