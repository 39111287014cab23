import { afterEach, describe, expect, it } from 'vitest';
import type { Bot } from '../../../bot/create-bot.js';
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

const webhook = (url: string, path: string, synchronized: boolean) => ({
  type: 'WEBHOOK',
  url: `${url}/${path}`,
  synchronized,
  body: {
    run: '{{ .run.id }}',
    parent: '{{ .event.diff.after.id }}',
    status: '{{ .event.diff.after.status }}',
  },
});

describe('run events chain automations', () => {
  it('fires RUN_UPDATED when a synchronized webhook closes a run, and the follow-up sees the run', async () => {
    receiver = await startLoopbackServer((req, res) =>
      json(res, req.url === '/deploy' ? 500 : 200, {}),
    );
    bot = await startTestBot(
      {
        'deploy.json': {
          identifier: 'deploy',
          trigger: {
            type: 'automation',
            event: { type: 'ENTITY_CREATED', blueprintIdentifier: 'service' },
          },
          invocationMethod: webhook(receiver!.url, 'deploy', true),
          publish: true,
        },
        'alert.json': {
          identifier: 'alert_on_failure',
          trigger: {
            type: 'automation',
            event: { type: 'RUN_UPDATED', actionIdentifier: 'deploy' },
            condition: {
              type: 'JQ',
              expressions: ['.diff.after.status == "FAILURE"'],
              combinator: 'and',
            },
          },
          invocationMethod: webhook(receiver!.url, 'alert', true),
          publish: true,
        },
      },
      { SWITCHYARD_DELIVERY_ATTEMPTS: '1' },
    );
    const answer = await signedPost(
      `${bot.url}/v1/events`,
      entityEvent('CREATE', 'service', null, entity('service', 's', {})),
      EVENTS_SECRET,
    );
    const deployRun = (answer.json.runs as string[])[0]!;
    const alert = await waitFor(
      () => receiver!.requests.find((r) => r.url === '/alert'),
      5000,
      'the follow-up webhook',
    );
    expect(JSON.parse(alert.body)).toMatchObject({ parent: deployRun, status: 'FAILURE' });
    const followUp = await bot.ctx.store.listRuns({ action: 'alert_on_failure' });
    expect(followUp).toHaveLength(1);
    expect(followUp[0]!.chainDepth).toBe(1);
  });

  it('stops a chain at the depth limit and says so in the run log', async () => {
    receiver = await startLoopbackServer((_req, res) => json(res, 200, {}));
    const step = (identifier: string, after: string) => ({
      identifier,
      trigger: { type: 'automation', event: { type: 'RUN_CREATED', actionIdentifier: after } },
      invocationMethod: webhook(receiver!.url, identifier, false),
      publish: true,
    });
    bot = await startTestBot(
      {
        'seed.json': {
          identifier: 'seed',
          trigger: {
            type: 'automation',
            event: { type: 'ENTITY_CREATED', blueprintIdentifier: 'service' },
          },
          invocationMethod: webhook(receiver!.url, 'seed', false),
          publish: true,
        },
        'a1.json': step('a1', 'seed'),
        'a2.json': step('a2', 'a1'),
        'a3.json': step('a3', 'a2'),
        'a4.json': step('a4', 'a3'),
      },
      { SWITCHYARD_CHAIN_DEPTH_LIMIT: '3' },
    );
    await signedPost(
      `${bot.url}/v1/events`,
      entityEvent('CREATE', 'service', null, entity('service', 's', {})),
      EVENTS_SECRET,
    );
    const [a3] = await waitFor(async () => {
      const runs = await bot!.ctx.store.listRuns({ action: 'a3' });
      return runs.length ? runs : undefined;
    });
    expect(a3!.chainDepth).toBe(3);
    const logs = await waitFor(async () => {
      const found = await bot!.ctx.store.listRunLogs(a3!.id);
      return found.some((l) => l.message.includes('chain depth limit')) ? found : undefined;
    });
    expect(logs.map((l) => l.message).join('\n')).toContain('chain depth limit (3) was reached');
    expect(await bot.ctx.store.listRuns({ action: 'a4' })).toEqual([]);
  });
});
