import { afterEach, describe, expect, it } from 'vitest';
import type { WebhookPlan } from '../../../../core/backends/plan/request-plan.js';
import { parseAllowedDestinations } from '../../../../core/backends/send/destination-policy.js';
import { isBlockedAddress } from '../../../../core/backends/send/is-blocked-address.js';
import { sendWebhook } from '../../../../core/backends/send/send-webhook.js';
import {
  json,
  startLoopbackServer,
  type LoopbackServer,
} from '../../../helpers/loopback-server.js';

/** The test receivers are on loopback, which webhooks may not reach by default. */
const LOOPBACK = {
  destinations: { allowed: parseAllowedDestinations('127.0.0.1'), allowMetadata: false },
};
let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function plan(url: string, extra: Partial<WebhookPlan> = {}): WebhookPlan {
  const body = { hello: 'world' };
  return {
    type: 'WEBHOOK',
    runId: 'r_1',
    method: 'POST',
    url,
    headers: { 'Content-Type': 'application/json', 'X-Switchyard-Run-Id': 'r_1' },
    body,
    bodyText: JSON.stringify(body),
    synchronized: false,
    agent: false,
    ...extra,
  };
}

describe('sendWebhook', () => {
  it('sends the planned method, headers and body exactly', async () => {
    server = await startLoopbackServer((_req, res) => json(res, 202, { ok: true }));
    await sendWebhook(plan(`${server.url}/hook?x=1`, { method: 'PATCH' }), LOOPBACK);
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request).toMatchObject({ method: 'PATCH', url: '/hook?x=1', body: '{"hello":"world"}' });
    expect(request!.headers['x-switchyard-run-id']).toBe('r_1');
    expect(request!.headers['content-type']).toBe('application/json');
  });

  it('leaves an async run IN_PROGRESS on 2xx', async () => {
    server = await startLoopbackServer((_req, res) => json(res, 200, { accepted: 1 }));
    const result = await sendWebhook(plan(server.url), LOOPBACK);
    expect(result).toMatchObject({
      outcome: 'done',
      status: 'IN_PROGRESS',
      httpStatus: 200,
      response: { accepted: 1 },
    });
  });

  it('closes a synchronized run: 2xx is SUCCESS with the response stored', async () => {
    server = await startLoopbackServer((_req, res) => json(res, 201, { id: 7 }));
    expect(await sendWebhook(plan(server.url, { synchronized: true }), LOOPBACK)).toMatchObject({
      outcome: 'done',
      status: 'SUCCESS',
      response: { id: 7 },
    });
  });

  it('fails on a final 4xx with Port-style summary', async () => {
    server = await startLoopbackServer((_req, res) => {
      res.writeHead(404);
      res.end('no such hook');
    });
    expect(await sendWebhook(plan(server.url, { synchronized: true }), LOOPBACK)).toMatchObject({
      outcome: 'done',
      status: 'FAILURE',
      httpStatus: 404,
      response: 'no such hook',
      summary: 'Failed to invoke the webhook with status code: 404',
    });
  });

  it('asks for a retry on 5xx and on 429, honouring Retry-After', async () => {
    server = await startLoopbackServer((req, res) =>
      req.url === '/busy' ? json(res, 429, {}, { 'retry-after': '7' }) : json(res, 503, {}),
    );
    expect(await sendWebhook(plan(`${server.url}/down`), LOOPBACK)).toMatchObject({
      outcome: 'retry',
      httpStatus: 503,
    });
    expect(await sendWebhook(plan(`${server.url}/busy`), LOOPBACK)).toMatchObject({
      outcome: 'retry',
      httpStatus: 429,
      retryAfterMs: 7000,
    });
  });

  it('asks for a retry when the connection is refused or times out', async () => {
    server = await startLoopbackServer(() => undefined);
    const slow = await sendWebhook(plan(server.url), { ...LOOPBACK, timeoutMs: 200 });
    expect(slow).toMatchObject({
      outcome: 'retry',
      error: expect.stringContaining('no response within 200 ms'),
    });
    const url = server.url;
    await server.close();
    server = undefined;
    expect(await sendWebhook(plan(url), LOOPBACK)).toMatchObject({
      outcome: 'retry',
      error: expect.stringContaining('ECONNREFUSED'),
    });
  });

  it('never logs the query string, which may carry a token', async () => {
    server = await startLoopbackServer((_req, res) => json(res, 200, {}));
    const result = await sendWebhook(plan(`${server.url}/h?token=abc`), LOOPBACK);
    expect(result.logs.join('\n')).not.toContain('abc');
  });
});

describe('isBlockedAddress', () => {
  it.each([
    ['169.254.169.254', true],
    ['169.254.0.1', true],
    ['fd00:ec2::254', true],
    ['FD00:EC2:0:0:0:0:0:254', true],
    ['::ffff:169.254.169.254', true],
    // How a URL parser spells [::ffff:169.254.169.254] (regression: it was not blocked).
    ['::ffff:a9fe:a9fe', true],
    ['64:ff9b::a9fe:a9fe', true],
    ['fe80::1', true],
    ['127.0.0.1', false],
    ['::1', false],
    ['10.0.0.1', false],
    ['example.com', false],
  ])('%s → %s', (address, blocked) => {
    expect(isBlockedAddress(address)).toBe(blocked);
  });
});
