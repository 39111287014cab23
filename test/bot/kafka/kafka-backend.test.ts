import { createHmac } from 'node:crypto';
import { createConnection, createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Bot } from '../../../bot/create-bot.js';
import { entity, entityEvent } from '../../helpers/sample-events.js';
import { signedPost } from '../../helpers/signed-post.js';
import { EVENTS_SECRET, WEBHOOK_SECRET, startTestBot } from '../../helpers/start-test-bot.js';
import { waitFor } from '../../helpers/wait-for.js';
import { brokers, createTopic, readMessages, testKafka, unique } from './kafka-test-kit.js';

let bot: Bot | undefined;
let proxy: Server | undefined;
afterEach(async () => {
  await bot?.stop();
  proxy?.close();
  bot = proxy = undefined;
});

const automation = {
  identifier: 'publish_change',
  trigger: {
    type: 'automation',
    event: { type: 'ENTITY_UPDATED', blueprintIdentifier: 'service' },
  },
  invocationMethod: {
    type: 'KAFKA',
    payload: {
      run: '{{ .run.id }}',
      service: '{{ .event.context.entityIdentifier }}',
      tier: '{{ .event.diff.after.properties.tier }}',
    },
  },
  publish: true,
};

async function updateService(): Promise<string> {
  const after = entity('service', 'svc-a', { tier: 2 });
  const answer = await signedPost(
    `${bot!.url}/v1/events`,
    entityEvent('UPDATE', 'service', { ...after, properties: {} }, after),
    EVENTS_SECRET,
  );
  return (answer.json.runs as string[])[0]!;
}

async function logs(runId: string): Promise<string[]> {
  return (await bot!.ctx.store.listRunLogs(runId)).map((log) => log.message);
}

describe('KAFKA backend against the local broker', () => {
  it('produces the rendered payload with the run id as key and header, signed, and keeps the run IN_PROGRESS', async () => {
    const kafka = testKafka();
    const topic = unique('runs');
    await createTopic(kafka, topic, 3);
    bot = await startTestBot(
      { 'publish.json': automation },
      { SWITCHYARD_KAFKA_BROKERS: brokers(), SWITCHYARD_KAFKA_RUNS_TOPIC: topic },
    );
    const runId = await updateService();
    await waitFor(
      async () => (await logs(runId)).some((l) => l.startsWith('Message produced')),
      10_000,
      'the produce',
    );

    const { message } = (await readMessages(kafka, topic, 1))[0]!;
    expect(message.key!.toString()).toBe(runId);
    const value = message.value!.toString();
    expect(JSON.parse(value)).toEqual({ run: runId, service: 'svc-a', tier: 2 });
    const header = (name: string) => message.headers![name]!.toString();
    expect(header('X-Switchyard-Run-Id')).toBe(runId);
    const timestamp = header('X-Port-Timestamp');
    const expected = createHmac('sha256', WEBHOOK_SECRET)
      .update(`${timestamp}.${value}`)
      .digest('base64');
    expect(header('X-Port-Signature')).toBe(`v1,${expected}`);
    expect(Math.abs(Date.now() / 1000 - Number(timestamp))).toBeLessThan(60);

    const run = await bot.ctx.store.getRun(runId);
    expect(run).toMatchObject({ status: 'IN_PROGRESS', endedAt: null });
    expect(await logs(runId)).toContain(
      'Message produced; the run stays IN_PROGRESS until the consumer reports its result',
    );
  });

  it('retries through the outbox while the broker is unreachable, and produces once it answers', async () => {
    // A port with nothing behind it, later a TCP proxy to the real broker (bootstrap only:
    // the metadata then points the producer at the broker itself).
    const port = await freePort();
    const [host, realPort] = brokers().split(',')[0]!.split(':') as [string, string];
    const topic = unique('runs-down');
    bot = await startTestBot(
      { 'publish.json': automation },
      {
        SWITCHYARD_KAFKA_BROKERS: `127.0.0.1:${port}`,
        SWITCHYARD_KAFKA_RUNS_TOPIC: topic,
        SWITCHYARD_DELIVERY_ATTEMPTS: '30',
        SWITCHYARD_RETRY_BASE_MS: '100',
      },
    );
    const runId = await updateService();
    await waitFor(
      async () =>
        (await logs(runId)).some((l) => /^Attempt 1 of 30 failed: Kafka is unavailable/.test(l)),
      15_000,
      'a failed attempt',
    );
    expect((await bot.ctx.store.getRun(runId))!.status).toBe('IN_PROGRESS');
    proxy = createServer((socket) => {
      const upstream = createConnection(Number(realPort), host);
      socket.pipe(upstream).pipe(socket);
      const close = () => {
        socket.destroy();
        upstream.destroy();
      };
      socket.on('error', close);
      upstream.on('error', close);
    });
    await new Promise<void>((resolve) => proxy!.listen(port, '127.0.0.1', resolve));
    await waitFor(
      async () => (await logs(runId)).some((l) => l.startsWith('Message produced')),
      20_000,
      'the produce after the broker came back',
    );
    const read = await readMessages(testKafka(), topic, 1);
    expect(read[0]!.message.key!.toString()).toBe(runId);
  }, 60_000);
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
