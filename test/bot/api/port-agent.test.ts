import { afterEach, describe, expect, it } from 'vitest';
import type { Bot } from '../../../bot/create-bot.js';
import { json, startLoopbackServer, type LoopbackServer } from '../../helpers/loopback-server.js';
import { PortAgentReplay, type AgentExchange } from '../../helpers/port-agent-replay.js';
import { pythonJson } from '../../helpers/python-json.js';
import { entity, entityEvent } from '../../helpers/sample-events.js';
import { signedPost } from '../../helpers/signed-post.js';
import { EVENTS_SECRET, startTestBot } from '../../helpers/start-test-bot.js';
import { waitFor } from '../../helpers/wait-for.js';

/**
 * port-agent (port-labs/port-agent) in polling mode as switchyard's executor for WEBHOOK runs
 * with `agent: true`: its request sequences replayed as its code sends them
 * (test/helpers/port-agent-replay.ts names the function behind each request).
 */

const CLIENT_ID = 'agent-client';
const CLIENT_SECRET = 'agent-client-secret-for-tests';

let bot: Bot | undefined;
let target: LoopbackServer | undefined;
afterEach(async () => {
  await bot?.stop();
  await target?.close();
  bot = undefined;
  target = undefined;
});

const viaAgent = (url: string, synchronized: boolean) => ({
  identifier: synchronized ? 'deploy_via_agent' : 'notify_via_agent',
  trigger: {
    type: 'automation',
    event: { type: 'ENTITY_CREATED', blueprintIdentifier: 'service' },
  },
  invocationMethod: {
    type: 'WEBHOOK',
    url,
    agent: true,
    synchronized,
    headers: { 'X-Deploy-Token': '{{ .secrets.HOOK_TOKEN }}' },
    body: {
      service: '{{ .event.diff.after.identifier }}',
      runId: '{{ .run.id }}',
      token: '{{ .secrets.HOOK_TOKEN }}',
    },
  },
  publish: true,
});

async function startWith(definitions: Record<string, unknown>): Promise<Bot> {
  bot = await startTestBot(definitions, {
    SWITCHYARD_CLIENT_ID: CLIENT_ID,
    SWITCHYARD_CLIENT_SECRET: CLIENT_SECRET,
  });
  return bot;
}

async function createService(b: Bot, id: string): Promise<string[]> {
  const answer = await signedPost(
    `${b.url}/v1/events`,
    entityEvent('CREATE', 'service', null, entity('service', id, {})),
    EVENTS_SECRET,
  );
  return answer.json.runs as string[];
}

/** The API calls of an exchange list, without the token request before each. */
function apiCalls(exchanges: readonly AgentExchange[]): string[] {
  return exchanges
    .filter((e) => e.path !== '/v1/auth/access_token')
    .map((e) => `${e.method} ${e.path} ${e.status}`);
}

describe('port-agent in polling mode', () => {
  it('claims, acks and runs a synchronized agent run; every request of its sequence is accepted', async () => {
    target = await startLoopbackServer((_req, res) => json(res, 200, { deployed: true, id: 42 }));
    const b = await startWith({ 'deploy.json': viaAgent(`${target.url}/deploy`, true) });
    const [runId] = await createService(b, 'payments');
    // switchyard's deliverer parks the run for the agent instead of sending it.
    await waitFor(async () => {
      const logs = await b.ctx.store.listRunLogs(runId!);
      return logs.some((l) => l.message.startsWith('Waiting for an execution agent'))
        ? true
        : undefined;
    });
    expect(target.requests).toEqual([]);

    const agent = new PortAgentReplay({
      apiBaseUrl: b.url,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
    });
    // app/main.py main(): switchyard keeps no organization settings; the agent logs and goes on.
    const org = await agent.patchOrgStreamerSetting('POLLING');
    expect(org.status).toBe(404);
    expect(org.answer).toEqual({
      ok: false,
      error: 'not_found',
      message: 'there is no route PATCH /v1/organization',
    });

    const { claimed } = await agent.poll();
    expect(claimed).toHaveLength(1);
    const run = claimed[0]!;
    expect(run).toMatchObject({
      id: runId,
      status: 'IN_PROGRESS',
      action: { identifier: 'deploy_via_agent' },
      installationId: '_PORT_EXEC_AGENT',
      pendingExecution: true,
    });
    // The rendered invocation method, secrets included: the agent sends it.
    expect(run.payload).toMatchObject({
      type: 'WEBHOOK',
      url: `${target.url}/deploy`,
      agent: true,
      synchronized: true,
      method: 'POST',
      headers: { 'X-Deploy-Token': 'test-hook-token' },
      body: { service: 'payments', runId, token: 'test-hook-token' },
    });

    expect(apiCalls(agent.exchanges)).toEqual([
      'PATCH /v1/organization 404',
      'POST /v1/actions/runs/claim-pending 200',
      'PATCH /v1/actions/runs/ack 200',
      `POST /v1/actions/runs/${runId}/logs 201`,
      `POST /v1/actions/runs/${runId}/logs 201`,
      `POST /v1/actions/runs/${runId}/logs 201`,
      'POST /deploy 200',
      `POST /v1/actions/runs/${runId}/logs 201`,
      `POST /v1/actions/runs/${runId}/logs 201`,
      `PATCH /v1/actions/runs/${runId}/response 200`,
      `POST /v1/actions/runs/${runId}/logs 201`,
      `PATCH /v1/actions/runs/${runId} 200`,
      // After SUCCESS: a plain log is still accepted.
      `POST /v1/actions/runs/${runId}/logs 201`,
      'POST /v1/workflows/runs/claim-pending 200',
    ]);
    // Every API call came with a fresh token, as get_port_api_headers does.
    const tokens = agent.exchanges.filter((e) => e.path === '/v1/auth/access_token');
    expect(tokens).toHaveLength(apiCalls(agent.exchanges).length - 1);
    expect(tokens.every((t) => t.status === 200)).toBe(true);
    const ack = agent.exchanges.find((e) => e.path === '/v1/actions/runs/ack')!;
    expect(ack.body).toBe(pythonJson({ runIds: [runId] }));
    expect(ack.answer).toEqual({ ok: true, ackedCount: 1 });
    expect(agent.exchanges.at(-1)!.answer).toEqual({ ok: true, nodeRuns: [] });

    // The target got the agent's message: the body plus headers, invocation method, run id.
    expect(target.requests).toHaveLength(1);
    expect(JSON.parse(target.requests[0]!.body)).toMatchObject({
      service: 'payments',
      token: 'test-hook-token',
      context: { runId },
      payload: { action: { invocationMethod: { type: 'WEBHOOK', synchronized: true } } },
    });

    const stored = await b.ctx.store.getRun(runId!);
    expect(stored).toMatchObject({
      status: 'SUCCESS',
      response: { deployed: true, id: 42 },
      updatedBy: CLIENT_ID,
    });
    const shown = await fetch(`${b.url}/v1/actions/runs/${runId}`, {
      headers: { authorization: `Bearer ${await tokenOf(b)}` },
    });
    const body = (await shown.json()) as { run: Record<string, unknown> };
    expect(body.run.response).toEqual({ deployed: true, id: 42 });
    // What the API shows stays masked.
    expect(JSON.stringify(body.run)).not.toContain('test-hook-token');
    const logs = (await b.ctx.store.listRunLogs(runId!)).map((l) => l.message);
    expect(logs).toEqual([
      expect.stringMatching(/^Waiting for an execution agent/),
      'The execution agent acknowledged the run: it sends the request and reports the result',
      'An action message has been received',
      'Preparing the payload for the request',
      'Sending the request',
      'Action invocation has completed successfully with status code: 200',
      'Reporting the run response',
      'The run response was reported successfully ',
      'Port agent finished processing the action run',
    ]);

    // Nothing left to claim.
    const again = await agent.claimPendingRuns();
    expect(again.answer).toEqual({ ok: true, runs: [] });
  });

  it('a failing async agent run: FAILURE with the webhook status; the late failure report is refused', async () => {
    target = await startLoopbackServer((_req, res) => json(res, 500, { error: 'boom' }));
    const b = await startWith({ 'notify.json': viaAgent(`${target.url}/notify`, false) });
    const [runId] = await createService(b, 'ledger');
    const agent = new PortAgentReplay({
      apiBaseUrl: b.url,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
    });
    const claimed = await waitFor(async () => {
      const { claimed: runs } = await agent.poll();
      return runs.length ? runs : undefined;
    });
    expect(claimed.map((r) => r.id)).toEqual([runId]);
    const calls = apiCalls(agent.exchanges).filter((c) => !c.includes('claim-pending 200'));
    expect(calls).toEqual([
      'PATCH /v1/actions/runs/ack 200',
      `POST /v1/actions/runs/${runId}/logs 201`,
      `POST /v1/actions/runs/${runId}/logs 201`,
      `POST /v1/actions/runs/${runId}/logs 201`,
      'POST /notify 500',
      `POST /v1/actions/runs/${runId}/logs 201`,
      `PATCH /v1/actions/runs/${runId} 200`,
      // HttpPollingConsumer's report_failure_fn after the raise: the run has ended already.
      `PATCH /v1/actions/runs/${runId} 422`,
    ]);
    const refused = agent.exchanges.filter((e) => e.path === `/v1/actions/runs/${runId}`).at(-1)!;
    expect(refused.answer).toMatchObject({ ok: false, error: 'run_exhausted' });
    expect(await b.ctx.store.getRun(runId!)).toMatchObject({
      status: 'FAILURE',
      summary: 'Failed to invoke the webhook with status code: 500. Response: {"error":"boom"}',
    });
  });

  it('refuses the agent API on an open API (it hands out secrets) and Kafka credentials always', async () => {
    bot = await startTestBot({});
    const agent = new PortAgentReplay({ apiBaseUrl: bot.url, clientId: 'x', clientSecret: 'y' });
    const claim = await agent.claimPendingRuns();
    expect(claim.status).toBe(403);
    expect(claim.answer).toMatchObject({ ok: false, error: 'forbidden' });
    expect(String((claim.answer as { message: string }).message)).toContain('SWITCHYARD_CLIENT_ID');
    const kafka = await agent.getKafkaCredentials();
    expect(kafka.status).toBe(501);
    expect(kafka.answer).toMatchObject({ ok: false, error: 'not_implemented' });
    expect(String((kafka.answer as { message: string }).message)).toContain(
      'STREAMER_NAME=POLLING',
    );
  });

  it('validates claim-pending, ack and response bodies', async () => {
    const b = await startWith({});
    const token = await tokenOf(b);
    const call = (method: string, path: string, body: unknown) =>
      fetch(`${b.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as { message?: string } }));
    const gitlab = await call('POST', '/v1/actions/runs/claim-pending', {
      installationId: 'a',
      invocationMethod: 'GITLAB',
    });
    expect(gitlab.status).toBe(422);
    expect(gitlab.body.message).toContain('invocationMethod must be "WEBHOOK"');
    expect((await call('POST', '/v1/actions/runs/claim-pending', { limit: 5 })).status).toBe(422);
    expect((await call('PATCH', '/v1/actions/runs/ack', { runIds: 'r_x' })).status).toBe(422);
    expect((await call('PATCH', '/v1/actions/runs/ack', { runIds: ['r_x'] })).body).toEqual({
      ok: true,
      ackedCount: 0,
    });
    const missing = await call('PATCH', '/v1/actions/runs/r_missing/response', { response: 1 });
    expect(missing).toEqual({
      status: 404,
      body: { ok: false, error: 'not_found', message: 'run r_missing was not found' },
    });
    expect((await call('PATCH', '/v1/actions/runs/r_missing/response', {})).status).toBe(422);
  });
});

async function tokenOf(b: Bot): Promise<string> {
  const answer = await fetch(`${b.url}/v1/auth/access_token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }),
  });
  return ((await answer.json()) as { accessToken: string }).accessToken;
}
