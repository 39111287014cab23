import { afterEach, describe, expect, it } from 'vitest';
import type { Bot } from '../../../bot/create-bot.js';
import { json, startLoopbackServer, type LoopbackServer } from '../../helpers/loopback-server.js';
import { entity, entityEvent } from '../../helpers/sample-events.js';
import { startTestBot } from '../../helpers/start-test-bot.js';
import { waitFor } from '../../helpers/wait-for.js';
import { brokers, createTopic, testKafka, unique, waitForCommitted } from './kafka-test-kit.js';

let bots: Bot[] = [];
let receiver: LoopbackServer | undefined;
afterEach(async () => {
  for (const bot of bots) await bot.stop();
  await receiver?.close();
  bots = [];
  receiver = undefined;
});

const notify = (url: string) => ({
  identifier: 'notify',
  trigger: {
    type: 'automation',
    event: { type: 'ENTITY_UPDATED', blueprintIdentifier: 'service' },
  },
  invocationMethod: {
    type: 'WEBHOOK',
    url: `${url}/hook`,
    synchronized: true,
    body: { run: '{{ .run.id }}', service: '{{ .event.context.entityIdentifier }}' },
  },
  publish: true,
});

function update(identifier: string, id?: string) {
  const after = entity('service', identifier, { tier: 1 });
  return {
    ...(id ? { id } : {}),
    ...entityEvent('UPDATE', 'service', { ...after, properties: {} }, after),
  };
}

/** Port's change-log message (spec §5.4). */
function changeLog(identifier: string) {
  const after = entity('service', identifier, { tier: 3 });
  return {
    action: 'UPDATE',
    resourceType: 'entity',
    status: 'SUCCESS',
    trigger: { by: { orgId: 'org_1', userId: 'u1' }, origin: 'UI', at: '2026-01-01T00:00:00.000Z' },
    context: { entity: identifier, blueprint: 'service' },
    diff: { before: { ...after, properties: {} }, after },
  };
}

async function startConsumingBot(topic: string, groupId: string, dir?: string): Promise<Bot> {
  const bot = await startTestBot(
    { 'notify.json': notify(receiver!.url) },
    {
      SWITCHYARD_KAFKA_BROKERS: brokers(),
      SWITCHYARD_KAFKA_EVENTS_TOPIC: topic,
      SWITCHYARD_KAFKA_GROUP_ID: groupId,
      SWITCHYARD_KAFKA_SESSION_TIMEOUT_MS: '4000',
    },
    dir ? { dir } : {},
  );
  bots.push(bot);
  return bot;
}

describe('Kafka event source', () => {
  it('ingests events and change-log messages, records poison messages and keeps going, commits what is durable', async () => {
    receiver = await startLoopbackServer((_req, res) => json(res, 200, {}));
    const kafka = testKafka();
    const topic = unique('catalog');
    const groupId = unique('sy');
    await createTopic(kafka, topic, 1);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic,
      messages: [
        { key: 'svc-a', value: '{"action": "UPDATE", "resourceType": ' },
        { key: 'svc-a', value: JSON.stringify(update('svc-a', 'evt-a')) },
        { key: 'svc-b', value: JSON.stringify([update('svc-b')]) },
        { key: 'svc-b', value: JSON.stringify({ ...update('svc-b'), action: 'RENAME' }) },
        { key: 'svc-c', value: JSON.stringify(changeLog('svc-c')) },
      ],
    });
    await producer.disconnect();
    const bot = await startConsumingBot(topic, groupId);

    await waitFor(() => receiver!.requests.length >= 2, 15_000, 'two deliveries');
    const services = receiver.requests.map((r) => JSON.parse(r.body).service).sort();
    expect(services).toEqual(['svc-a', 'svc-c']);
    expect(await bot.ctx.store.getEvent('evt-a')).toMatchObject({ source: 'kafka' });
    const fromChangeLog = await bot.ctx.store.getEvent(`kafka_${topic}_0_4`);
    expect(fromChangeLog!.runIds).toHaveLength(1);

    const answer = await fetch(`${bot.url}/v1/poison-messages`);
    // Different keys are handled side by side: order the list by offset.
    const list = ((await answer.json()) as { messages: Record<string, unknown>[] }).messages.sort(
      (x, y) => Number(y.offset) - Number(x.offset),
    );
    expect(list.map((p) => [p.offset, p.key, p.topic, p.partition, p.source])).toEqual([
      ['3', 'svc-b', topic, 0, 'kafka'],
      ['2', 'svc-b', topic, 0, 'kafka'],
      ['0', 'svc-a', topic, 0, 'kafka'],
    ]);
    expect(list.map((p) => p.reason)).toEqual([
      expect.stringContaining('action must be one of'),
      'an array: send one catalog event per message',
      expect.stringMatching(/^not JSON: /),
    ]);
    expect(list[2]!.raw).toBe('{"action": "UPDATE", "resourceType": ');

    await waitForCommitted(kafka, groupId, topic, 5);
  });

  it('dedupes a redelivered message, with or without an event id', async () => {
    receiver = await startLoopbackServer((_req, res) => json(res, 200, {}));
    const kafka = testKafka();
    const topic = unique('catalog-redeliver');
    await createTopic(kafka, topic, 2);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic,
      messages: [
        { key: 'svc-a', value: JSON.stringify(update('svc-a', 'evt-redeliver-a')) },
        { key: 'svc-b', value: JSON.stringify(changeLog('svc-b')) },
      ],
    });
    await producer.disconnect();
    const first = await startConsumingBot(topic, unique('sy'));
    await waitFor(() => receiver!.requests.length >= 2, 15_000, 'two deliveries');
    await first.stop();
    bots = [];
    // A group that has committed nothing reads the topic again from the start: a redelivery.
    const again = unique('sy');
    const second = await startConsumingBot(topic, again, (first as Bot & { dir: string }).dir);
    await waitForCommitted(kafka, again, topic, 2);
    expect(await second.ctx.store.listRuns()).toHaveLength(2);
    expect(receiver.requests).toHaveLength(2);
  });
});
