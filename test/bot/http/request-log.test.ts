import { afterEach, describe, expect, it } from 'vitest';
import type { Bot } from '../../../bot/create-bot.js';
import { capturingLogger } from '../../helpers/log-lines.js';
import { json, startLoopbackServer, type LoopbackServer } from '../../helpers/loopback-server.js';
import { entity, entityEvent } from '../../helpers/sample-events.js';
import { signedPost } from '../../helpers/signed-post.js';
import { EVENTS_SECRET, startTestBot } from '../../helpers/start-test-bot.js';
import { waitFor } from '../../helpers/wait-for.js';

let bot: Bot | undefined;
let receiver: LoopbackServer | undefined;
afterEach(async () => {
  await bot?.stop();
  await receiver?.close();
  bot = undefined;
  receiver = undefined;
});

const automation = (url: string) => ({
  identifier: 'notify_created',
  trigger: {
    type: 'automation',
    event: { type: 'ENTITY_CREATED', blueprintIdentifier: 'service' },
  },
  invocationMethod: { type: 'WEBHOOK', url: `${url}/hook`, body: { id: '{{ .run.id }}' } },
  publish: true,
});

describe('request log', () => {
  it('writes one line per request with the event and run ids, the ids the delivery log uses', async () => {
    receiver = await startLoopbackServer((_req, res) => json(res, 200, { ok: true }));
    const { log, lines } = capturingLogger('info');
    bot = await startTestBot({ 'notify.json': automation(receiver.url) }, {}, { log });
    const event = {
      ...entityEvent('CREATE', 'service', null, entity('service', 'svc-a', {})),
      id: 'evt_followme',
    };
    const answer = await signedPost(`${bot.url}/v1/events`, event, EVENTS_SECRET);
    expect(answer.status).toBe(202);
    const [runId] = answer.json.runs as string[];

    // The line is written once the answer is sent.
    await waitFor(() => lines.some((line) => line.route === '/v1/events'), 5000, 'the line');
    const requestLines = lines.filter((line) => line.route === '/v1/events');
    expect(requestLines).toHaveLength(1);
    expect(requestLines[0]).toMatchObject({
      method: 'POST',
      path: '/v1/events',
      status: 202,
      eventIds: ['evt_followme'],
      runIds: [runId],
    });
    expect(requestLines[0]!.reqId).toMatch(/^req_/);
    expect(typeof requestLines[0]!.ms).toBe('number');

    const delivered = await waitFor(
      () => lines.find((line) => line.runId === runId && /^delivered/.test(String(line.msg))),
      5000,
      'the delivery log line',
    );
    expect(delivered).toMatchObject({ eventId: 'evt_followme', runId });
  });

  it('logs refusals and unknown routes with their status, and each request once', async () => {
    const { log, lines } = capturingLogger('info');
    bot = await startTestBot({}, {}, { log });
    await fetch(`${bot.url}/nowhere?x=1`);
    await fetch(`${bot.url}/v1/actions/runs/r_missing`);
    await fetch(`${bot.url}/v1/events`, { method: 'DELETE' });
    const isRequest = (line: Record<string, unknown>) => typeof line.reqId === 'string';
    await waitFor(() => lines.filter(isRequest).length >= 3, 5000, 'three lines');
    const requests = lines.filter(isRequest);
    expect(requests.map((line) => [line.method, line.path, line.status])).toEqual([
      ['GET', '/nowhere', 404],
      ['GET', '/v1/actions/runs/r_missing', 404],
      ['DELETE', '/v1/events', 405],
    ]);
    expect(requests[1]).toMatchObject({
      route: '/v1/actions/runs/:runId',
      params: { runId: 'r_missing' },
    });
    expect(new Set(requests.map((line) => line.reqId)).size).toBe(3);
  });
});
