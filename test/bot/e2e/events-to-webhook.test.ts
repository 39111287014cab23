import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Bot } from '../../../bot/create-bot.js';
import { json, startLoopbackServer, type LoopbackServer } from '../../helpers/loopback-server.js';
import { entity, entityEvent } from '../../helpers/sample-events.js';
import { signedPost } from '../../helpers/signed-post.js';
import { EVENTS_SECRET, startTestBot, WEBHOOK_SECRET } from '../../helpers/start-test-bot.js';
import { waitFor } from '../../helpers/wait-for.js';

let bot: Bot | undefined;
let receiver: LoopbackServer | undefined;
afterEach(async () => {
  await bot?.stop();
  await receiver?.close();
  bot = undefined;
  receiver = undefined;
});

function webhookAutomation(url: string, extra: Record<string, unknown> = {}) {
  return {
    identifier: 'notify_created',
    title: 'Notify on creation',
    trigger: {
      type: 'automation',
      event: { type: 'ENTITY_CREATED', blueprintIdentifier: 'service' },
      condition: {
        type: 'JQ',
        expressions: ['.diff.after.properties.tier <= 2'],
        combinator: 'and',
      },
    },
    invocationMethod: {
      type: 'WEBHOOK',
      url: `${url}/hook`,
      headers: { Authorization: 'Bearer {{ .secrets.HOOK_TOKEN }}' },
      body: {
        service: '{{ .event.diff.after.identifier }}',
        tier: '{{ .event.diff.after.properties.tier }}',
        runId: '{{ .run.id }}',
      },
      ...extra,
    },
    publish: true,
  };
}

const created = (tier: number, id?: string) => ({
  ...entityEvent('CREATE', 'service', null, entity('service', 'svc-a', { tier })),
  ...(id ? { id } : {}),
});

describe('POST /v1/events → webhook', () => {
  it('delivers the rendered body with the run id and valid Port signature headers', async () => {
    receiver = await startLoopbackServer((_req, res) => json(res, 200, { ok: true }));
    bot = await startTestBot(
      { 'notify.json': webhookAutomation(receiver.url) },
      { SWITCHYARD_SECRET_HOOK_TOKEN: 'tok-123' },
    );
    const answer = await signedPost(`${bot.url}/v1/events`, created(1), EVENTS_SECRET);
    expect(answer.status).toBe(202);
    const runs = answer.json.runs as string[];
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatch(/^r_[0-9A-Za-z]{16}$/);

    const request = await waitFor(() => receiver!.requests[0], 5000, 'the webhook');
    expect(JSON.parse(request.body)).toEqual({ service: 'svc-a', tier: 1, runId: runs[0] });
    expect(request.headers.authorization).toBe('Bearer tok-123');
    expect(request.headers['x-switchyard-run-id']).toBe(runs[0]);
    const timestamp = request.headers['x-port-timestamp'] as string;
    const expected = createHmac('sha256', WEBHOOK_SECRET)
      .update(`${timestamp}.${request.body}`)
      .digest('base64');
    expect(request.headers['x-port-signature']).toBe(`v1,${expected}`);

    const run = await waitFor(async () => {
      const stored = await bot!.ctx.store.getRun(runs[0]!);
      return stored?.response ? stored : undefined;
    });
    expect(run.status).toBe('IN_PROGRESS');
    expect(JSON.stringify(run)).not.toContain('tok-123');
    expect(JSON.stringify(run.payload)).toContain('Bearer ***');
  });

  it('creates no run when the condition does not pass', async () => {
    receiver = await startLoopbackServer((_req, res) => json(res, 200, {}));
    bot = await startTestBot({ 'notify.json': webhookAutomation(receiver.url) });
    const answer = await signedPost(`${bot.url}/v1/events`, created(5), EVENTS_SECRET);
    expect(answer).toMatchObject({ status: 202, json: { ok: true, runs: [] } });
  });

  it('dedupes by event id: the same id creates nothing and answers the original runs', async () => {
    receiver = await startLoopbackServer((_req, res) => json(res, 200, {}));
    bot = await startTestBot({ 'notify.json': webhookAutomation(receiver.url) });
    const first = await signedPost(`${bot.url}/v1/events`, created(1, 'evt-42'), EVENTS_SECRET);
    const second = await signedPost(`${bot.url}/v1/events`, created(1, 'evt-42'), EVENTS_SECRET);
    expect(first.json).toMatchObject({ eventId: 'evt-42', duplicate: false });
    expect(second.json).toMatchObject({
      eventId: 'evt-42',
      duplicate: true,
      runs: first.json.runs,
    });
    await waitFor(() => receiver!.requests.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(receiver.requests).toHaveLength(1);
  });

  it('accepts a batch and answers per event', async () => {
    receiver = await startLoopbackServer((_req, res) => json(res, 200, {}));
    bot = await startTestBot({ 'notify.json': webhookAutomation(receiver.url) });
    const answer = await signedPost(
      `${bot.url}/v1/events`,
      [created(1, 'b1'), created(9, 'b2')],
      EVENTS_SECRET,
    );
    expect(answer.status).toBe(202);
    const events = answer.json.events as { eventId: string; runs: string[] }[];
    expect(events.map((e) => [e.eventId, e.runs.length])).toEqual([
      ['b1', 1],
      ['b2', 0],
    ]);
  });

  it('retries a 500 and succeeds, logging every attempt', async () => {
    let calls = 0;
    receiver = await startLoopbackServer((_req, res) =>
      ++calls < 3 ? json(res, 500, { error: 'boom' }) : json(res, 200, { ok: 1 }),
    );
    bot = await startTestBot({
      'notify.json': webhookAutomation(receiver.url, { synchronized: true }),
    });
    const answer = await signedPost(`${bot.url}/v1/events`, created(1), EVENTS_SECRET);
    const runId = (answer.json.runs as string[])[0]!;
    const run = await waitFor(async () => {
      const stored = await bot!.ctx.store.getRun(runId);
      return stored?.status === 'SUCCESS' ? stored : undefined;
    });
    expect(calls).toBe(3);
    expect(run.response).toEqual({ ok: 1 });
    const logs = await bot.ctx.store.listRunLogs(runId);
    expect(
      logs.filter((l) => l.message.startsWith('Attempt')).map((l) => l.message.slice(0, 25)),
    ).toEqual(['Attempt 1 of 5 failed: Th', 'Attempt 2 of 5 failed: Th']);
  });

  it('fails the run after the configured attempts', async () => {
    receiver = await startLoopbackServer((_req, res) => json(res, 503, {}));
    bot = await startTestBot(
      { 'notify.json': webhookAutomation(receiver.url) },
      { SWITCHYARD_DELIVERY_ATTEMPTS: '3' },
    );
    const answer = await signedPost(`${bot.url}/v1/events`, created(1), EVENTS_SECRET);
    const runId = (answer.json.runs as string[])[0]!;
    const run = await waitFor(async () => {
      const stored = await bot!.ctx.store.getRun(runId);
      return stored?.status === 'FAILURE' ? stored : undefined;
    });
    expect(receiver.requests).toHaveLength(3);
    expect(run.summary).toBe(
      'Delivery failed after 3 attempt(s): The webhook answered with status code 503',
    );
  });

  it('synchronized: a 4xx fails the run at once with the response stored', async () => {
    receiver = await startLoopbackServer((_req, res) => json(res, 422, { reason: 'bad' }));
    bot = await startTestBot({
      'notify.json': webhookAutomation(receiver.url, { synchronized: true }),
    });
    const answer = await signedPost(`${bot.url}/v1/events`, created(1), EVENTS_SECRET);
    const runId = (answer.json.runs as string[])[0]!;
    const run = await waitFor(async () => {
      const stored = await bot!.ctx.store.getRun(runId);
      return stored?.status === 'FAILURE' ? stored : undefined;
    });
    expect(run.response).toEqual({ reason: 'bad' });
    expect(receiver.requests).toHaveLength(1);
  });

  it('makes a run FAILURE with the template path when its payload does not render', async () => {
    receiver = await startLoopbackServer((_req, res) => json(res, 200, {}));
    const automation = webhookAutomation(receiver.url);
    automation.invocationMethod.body = {
      ...automation.invocationMethod.body,
      n: '{{ .event.diff.after.title | tonumber }}',
    } as never;
    bot = await startTestBot({ 'notify.json': automation });
    const answer = await signedPost(`${bot.url}/v1/events`, created(1), EVENTS_SECRET);
    const runId = (answer.json.runs as string[])[0]!;
    const run = await bot.ctx.store.getRun(runId);
    expect(run?.status).toBe('FAILURE');
    const logs = await bot.ctx.store.listRunLogs(runId);
    expect(logs[0]!.message).toContain('invocationMethod.body.n');
    expect(logs[0]!.message).toContain('cannot be parsed as a number');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(receiver.requests).toHaveLength(0);
  });
});

describe('POST /v1/events: refusals', () => {
  it.each([
    ['a wrong signature', { headers: { 'x-port-signature': 'v1,AAAA' } }, 401, 'invalid_signature'],
    [
      'a stale timestamp',
      { timestamp: Math.floor(Date.now() / 1000) - 600 },
      401,
      'invalid_signature',
    ],
    ['malformed JSON', { raw: '{"action": ' }, 400, 'invalid_json'],
    [
      'a bad event shape',
      { raw: JSON.stringify({ action: 'CREATED', resourceType: 'entity' }) },
      400,
      'invalid_event',
    ],
  ])('refuses %s', async (_name, options, status, error) => {
    bot = await startTestBot({});
    const answer = await signedPost(
      `${bot.url}/v1/events`,
      created(1),
      EVENTS_SECRET,
      options as never,
    );
    expect(answer.status).toBe(status);
    expect(answer.json).toMatchObject({ ok: false, error });
  });
  it('refuses a missing signature with the header to send', async () => {
    bot = await startTestBot({});
    const response = await fetch(`${bot.url}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { message: string }).message).toContain('X-Port-Timestamp');
  });
  it('refuses a body over 1 MiB with 413', async () => {
    bot = await startTestBot({});
    const big = { ...created(1), padding: 'x'.repeat(1 << 20) };
    const answer = await signedPost(`${bot.url}/v1/events`, big, EVENTS_SECRET);
    expect(answer.status).toBe(413);
  });
  it('names the path of a bad event inside a batch', async () => {
    bot = await startTestBot({});
    const answer = await signedPost(
      `${bot.url}/v1/events`,
      [created(1), { action: 'UPDATE', resourceType: 'entity', context: {} }],
      EVENTS_SECRET,
    );
    expect(answer).toMatchObject({
      status: 400,
      json: { path: '[1].context.blueprintIdentifier' },
    });
  });
});

describe('GET /metrics', () => {
  it('counts accepted and duplicate events, created runs and deliveries in Prometheus format', async () => {
    receiver = await startLoopbackServer((_req, res) => json(res, 200, {}));
    bot = await startTestBot({
      'notify.json': webhookAutomation(receiver.url, { synchronized: true }),
    });
    await signedPost(`${bot.url}/v1/events`, created(1, 'm1'), EVENTS_SECRET);
    await signedPost(`${bot.url}/v1/events`, created(1, 'm1'), EVENTS_SECRET);
    await waitFor(() => receiver!.requests.length === 1);
    const text = await waitFor(async () => {
      const body = await (await fetch(`${bot!.url}/metrics`)).text();
      return body.includes('switchyard_deliveries_total{backend="WEBHOOK",outcome="success"} 1')
        ? body
        : undefined;
    });
    expect(text).toContain('switchyard_events_received_total{source="http",outcome="accepted"} 1');
    expect(text).toContain('switchyard_events_received_total{source="http",outcome="duplicate"} 1');
    expect(text).toContain(
      'switchyard_runs_created_total{backend="WEBHOOK",status="IN_PROGRESS"} 1',
    );
    expect(text).toContain('switchyard_active_definitions 1');
  });
});
