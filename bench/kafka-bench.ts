import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import pg from 'pg';
import { pino } from 'pino';
import { createKafkaClient } from '../bot/kafka/create-kafka-client.js';
import { lazyProducer } from '../bot/kafka/lazy-producer.js';
import { readKafkaConfig } from '../bot/kafka/read-kafka-config.js';
import { planKafka } from '../core/backends/plan/plan-kafka.js';
import type { KafkaPlan } from '../core/backends/plan/request-plan.js';
import { sendKafka } from '../core/backends/send/send-kafka.js';
import { signPlan } from '../core/backends/sign/sign-plan.js';
import { webhookAutomation, writeDefinitionsFolder } from '../testkit/definitions-folder.js';
import type { BenchRow } from './bench-row.js';
import { startProcess } from './start-process.js';
import { startWebhookReceiver, waitForStats } from './webhook-receiver.js';

const EVENTS = 5000;
const WARM_UP = 200;
const MESSAGES = 5000;
const KAFKA_SCRIPTS = resolve(process.cwd(), 'scripts/kafka');
const silent = pino({ level: 'silent' });

/**
 * On the local Kafka-protocol broker (librdkafka's mock, started here and stopped after):
 * catalog events/s through the Kafka event source into one `switchyard serve` process (its own,
 * as in the HTTP benches; stored = offsets committed, delivered = webhooks received), produced
 * while it runs and waiting as a backlog, on SQLite and on PostgreSQL when reachable; messages/s
 * through the KAFKA backend (idempotent producer, signed, 16 in flight like the dispatcher).
 */
export async function runKafkaBench(): Promise<BenchRow[]> {
  const name = `bench-${process.pid}`;
  const env = { ...process.env, KAFKA_MOCK_NAME: name, KAFKA_MOCK_WATCH_PID: String(process.pid) };
  const out = execFileSync('bash', [join(KAFKA_SCRIPTS, 'start.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
    env,
  });
  const brokers = /KAFKA_BROKERS=(\S+)/.exec(out)?.[1];
  if (!brokers) throw new Error(`the Kafka broker did not start: ${out}`);
  try {
    const rows: BenchRow[] = [];
    rows.push(...(await eventSourceBench(brokers, 'SQLite')));
    const postgres = await postgresSchema();
    if (postgres) {
      try {
        rows.push(...(await eventSourceBench(brokers, 'PostgreSQL', postgres.url)));
      } finally {
        await postgres.drop();
      }
    }
    rows.push(await backendBench(brokers));
    return rows;
  } finally {
    execFileSync('bash', [join(KAFKA_SCRIPTS, 'stop.sh')], { stdio: 'ignore', env });
  }
}

function entityEvent(i: number, run: string) {
  const after = {
    identifier: `svc-${i % 64}`,
    blueprint: 'service',
    title: 'S',
    properties: { tier: 1, health: 'Degraded', seq: i },
  };
  return JSON.stringify({
    id: `kafka-bench-${run}-${i}`,
    action: 'UPDATE',
    resourceType: 'entity',
    trigger: { by: { orgId: 'org', userId: 'u' }, origin: 'UI', at: new Date().toISOString() },
    context: { blueprintIdentifier: 'service', entityIdentifier: after.identifier },
    diff: { before: { ...after, properties: { tier: 1, health: 'Healthy' } }, after },
  });
}

async function eventSourceBench(
  brokers: string,
  store: string,
  databaseUrl?: string,
): Promise<BenchRow[]> {
  return [
    ...(await eventSourceRun(brokers, store, 'live', databaseUrl)),
    ...(await eventSourceRun(brokers, store, 'backlog', databaseUrl)),
  ];
}

/**
 * `live`: the bot is up and warm, the bench produces the events while it consumes them (the
 * producer shares the machine's cores). `backlog`: the events wait on the topic before the bot
 * starts, as after an outage, and the rate is from the warm-up's last delivery to the last one.
 */
async function eventSourceRun(
  brokers: string,
  store: string,
  mode: 'live' | 'backlog',
  databaseUrl: string | undefined,
): Promise<BenchRow[]> {
  const receiver = await startWebhookReceiver();
  const receiverUrl = receiver.url;
  const { dir, folder } = await writeDefinitionsFolder(
    {
      'notify.json': webhookAutomation({
        url: `${receiverUrl}/hook`,
        synchronized: true,
        body: { run: '{{ .run.id }}', service: '{{ .event.context.entityIdentifier }}' },
      }),
    },
    { prefix: 'sy-kafka-bench-' },
  );
  const run = randomBytes(4).toString('hex');
  const topic = `bench-events-${run}`;
  const groupId = `bench-${run}`;
  const kafka = new Kafka({
    clientId: 'bench',
    brokers: brokers.split(','),
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 4 }], waitForLeaders: true });
  const env: Record<string, string> = {
    PORT: '0',
    SWITCHYARD_DEFINITIONS: folder,
    // The receivers are on loopback, which webhooks may not reach by default.
    SWITCHYARD_ALLOWED_DESTINATIONS: '127.0.0.1',
    SWITCHYARD_SQLITE_PATH: join(dir, 'db.sqlite'),
    SWITCHYARD_WATCH: 'false',
    SWITCHYARD_DELIVERY_CONCURRENCY: '64',
    SWITCHYARD_KAFKA_BROKERS: brokers,
    SWITCHYARD_KAFKA_EVENTS_TOPIC: topic,
    SWITCHYARD_KAFKA_GROUP_ID: groupId,
    SWITCHYARD_KAFKA_SESSION_TIMEOUT_MS: '6000',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  };
  const producer = kafka.producer();
  await producer.connect();
  const startBot = () =>
    startProcess(
      ['lib/bin/switchyard.js', 'serve'],
      { ...env, LOG_LEVEL: 'info', LOG_FORMAT: 'json' },
      /switchyard listening on/,
    );
  const produce = async (from: number, to: number) => {
    for (let i = from; i < to; i += 500) {
      const messages = [];
      for (let j = i; j < Math.min(to, i + 500); j++)
        messages.push({ key: `svc-${j % 64}`, value: entityEvent(j, run) });
      await producer.send({ topic, messages });
    }
  };
  const committed = async () => {
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return offsets!.partitions.reduce((n, p) => n + Math.max(0, Number(p.offset)), 0);
  };
  const until = async (check: () => Promise<boolean> | boolean, what: string) => {
    const deadline = Date.now() + 120_000;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((done) => setTimeout(done, 10));
    }
    return performance.now();
  };
  /** When the receiver has had `webhooks` in all. */
  const received = async (webhooks: number) => {
    await waitForStats(receiver, ({ count }) => count >= webhooks);
    return performance.now();
  };
  let bot: Awaited<ReturnType<typeof startBot>> | undefined;
  try {
    const note = `${EVENTS} events, 4 partitions, one bot, 1 webhook run each`;
    if (mode === 'backlog') {
      await produce(0, WARM_UP + EVENTS);
      bot = await startBot();
      const start = await received(WARM_UP);
      const delivered = await received(WARM_UP + EVENTS);
      const rate = (EVENTS * 1000) / (delivered - start);
      const bare = await bareConsumerRate(kafka, topic, until);
      return [
        {
          name: `Kafka source, a backlog on the topic → webhook delivered (${store})`,
          value: rate,
          unit: 'events/s',
          note: `${note}; ${(rate / bare).toFixed(2)} × a bare kafkajs consumer draining the same backlog (${Math.round(bare).toLocaleString('en-US')} messages/s, same run)`,
        },
      ];
    }
    bot = await startBot();
    await produce(0, WARM_UP);
    await received(WARM_UP);
    const start = performance.now();
    await produce(WARM_UP, WARM_UP + EVENTS);
    const stored = await until(async () => (await committed()) >= WARM_UP + EVENTS, 'storage');
    const delivered = await received(WARM_UP + EVENTS);
    return [
      {
        name: `Kafka source → event + run stored, offset committed (${store})`,
        value: (EVENTS * 1000) / (stored - start),
        unit: 'events/s',
        note,
      },
      {
        name: `Kafka source → webhook delivered (${store})`,
        value: (EVENTS * 1000) / (delivered - start),
        unit: 'events/s',
        note,
      },
    ];
  } finally {
    await producer.disconnect();
    await admin.disconnect();
    if (bot) {
      const { proc } = bot;
      proc.removeAllListeners('exit');
      const exited = new Promise((resolve) => proc.once('exit', resolve));
      proc.kill('SIGTERM');
      await exited;
    }
    receiver.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The anchor of the backlog row: a kafkajs consumer in a group of its own reads the same topic
 * from the beginning and only counts (resolving and committing as the bot does), timed from
 * the warm-up's last message to the last one.
 */
async function bareConsumerRate(
  kafka: Kafka,
  topic: string,
  until: (check: () => boolean, what: string) => Promise<number>,
): Promise<number> {
  const consumer = kafka.consumer({ groupId: `${topic}-bare`, maxWaitTimeInMs: 250 });
  let seen = 0;
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      partitionsConsumedConcurrently: 4,
      eachBatch: async ({ batch, resolveOffset }) => {
        for (const message of batch.messages) {
          JSON.parse(message.value!.toString('utf8'));
          resolveOffset(message.offset);
          seen++;
        }
      },
    });
    const start = await until(() => seen >= WARM_UP, 'the bare consumer warm-up');
    const end = await until(() => seen >= WARM_UP + EVENTS, 'the bare consumer');
    return (EVENTS * 1000) / (end - start);
  } finally {
    await consumer.disconnect();
  }
}

async function backendBench(brokers: string): Promise<BenchRow> {
  const parsed = readKafkaConfig({ SWITCHYARD_KAFKA_BROKERS: brokers });
  if (!parsed.ok || !parsed.kafka) throw new Error('bad broker list');
  const producer = lazyProducer(createKafkaClient(parsed.kafka, silent));
  const topic = `bench-runs-${randomBytes(4).toString('hex')}`;
  const plan = (i: number): KafkaPlan =>
    planKafka(
      { type: 'KAFKA', payload: { run: `r_${i}`, service: `svc-${i % 64}`, tier: 1 } },
      `r_${i}`,
      { kafkaTopic: topic },
    );
  const sender = await producer.get();
  let next = 0;
  const worker = async (count: number) => {
    while (next < count) {
      const result = await sendKafka(signPlan(plan(next++), 'bench-secret') as KafkaPlan, sender);
      if (result.outcome !== 'done') throw new Error(result.error);
    }
  };
  try {
    await Promise.all(Array.from({ length: 16 }, () => worker(200)));
    next = 0;
    const start = performance.now();
    await Promise.all(Array.from({ length: 16 }, () => worker(MESSAGES)));
    const seconds = (performance.now() - start) / 1000;
    return {
      name: 'KAFKA backend: sendKafka, signed, idempotent producer',
      value: MESSAGES / seconds,
      unit: 'messages/s',
      note: `${MESSAGES} messages, 16 in flight (the dispatcher's default concurrency)`,
    };
  } finally {
    await producer.disconnect();
  }
}

/** A fresh schema on the local PostgreSQL, when one answers. */
async function postgresSchema(): Promise<{ url: string; drop(): Promise<void> } | undefined> {
  const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const client = new pg.Client({ connectionString: base });
  try {
    await client.connect();
  } catch {
    return undefined;
  }
  const schema = `sy_kafka_bench_${randomBytes(4).toString('hex')}`;
  await client.query(`CREATE SCHEMA ${schema}`);
  const separator = base.includes('?') ? '&' : '?';
  return {
    url: `${base}${separator}options=${encodeURIComponent(`-c search_path=${schema}`)}`,
    async drop() {
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    },
  };
}
