import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { webhookAutomation, writeDefinitionsFolder } from '../../../testkit/definitions-folder.js';
import { afterEach, describe, expect, it } from 'vitest';
import { json, startLoopbackServer, type LoopbackServer } from '../../helpers/loopback-server.js';
import { entity, entityEvent } from '../../helpers/sample-events.js';
import { waitFor } from '../../helpers/wait-for.js';
import { findPostgresUrl } from '../store/postgres-harness.js';
import { brokers, createTopic, testKafka, unique } from './kafka-test-kit.js';
import { startReplica, type Replica } from './replica-process.js';

const EVENTS = 80;
const KILL_AFTER = 40;

let replicas: Replica[] = [];
let receiver: LoopbackServer | undefined;
let db: { client: pg.Client; schema: string } | undefined;
afterEach(async () => {
  for (const replica of replicas) replica.process.kill('SIGKILL');
  await receiver?.close();
  if (db) {
    await db.client.query(`DROP SCHEMA IF EXISTS ${db.schema} CASCADE`);
    await db.client.end();
  }
  replicas = [];
  receiver = db = undefined;
});

function event(i: number, topic: string) {
  const after = entity('service', `svc-${i % 16}`, { seq: i });
  const body = entityEvent('UPDATE', 'service', { ...after, properties: {} }, after);
  // Half carry an id; the others dedupe by topic/partition/offset.
  return i % 2 === 0 ? { id: `evt-${topic}-${i}`, ...body } : body;
}

const disjointCover = (a: number[] = [], b: number[] = [], all: number) =>
  a.length > 0 && b.length > 0 && a.every((p) => !b.includes(p)) && a.length + b.length === all;

describe('two replicas on one PostgreSQL share a Kafka topic', () => {
  it('split the partitions, create every run exactly once, and keep delivering when one is killed', async () => {
    const url = await findPostgresUrl();
    const schema = `sy_kafka_${randomBytes(4).toString('hex')}`;
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    db = { client, schema };
    await client.query(`CREATE SCHEMA ${schema}`);
    const count = async (sql: string) =>
      Number((await client.query(sql.replaceAll('$schema', schema))).rows[0].n);

    receiver = await startLoopbackServer((_req, res) => json(res, 200, {}));
    const { folder } = await writeDefinitionsFolder(
      {
        'notify.json': webhookAutomation({
          url: `${receiver.url}/hook`,
          synchronized: true,
          body: { run: '{{ .run.id }}', seq: '{{ .event.diff.after.properties.seq }}' },
        }),
      },
      { prefix: 'sy-replicas-' },
    );
    const kafka = testKafka();
    const topic = unique('catalog-replicas');
    await createTopic(kafka, topic, 4);
    const env = {
      PORT: '0',
      SWITCHYARD_DEFINITIONS: folder,
      // The receivers are on loopback, which webhooks may not reach by default.
      SWITCHYARD_ALLOWED_DESTINATIONS: '127.0.0.1',
      SWITCHYARD_WATCH: 'false',
      DATABASE_URL: `${url}?options=${encodeURIComponent(`-c search_path=${schema}`)}`,
      SWITCHYARD_KAFKA_BROKERS: brokers(),
      SWITCHYARD_KAFKA_EVENTS_TOPIC: topic,
      SWITCHYARD_KAFKA_GROUP_ID: unique('sy'),
      SWITCHYARD_KAFKA_SESSION_TIMEOUT_MS: '4000',
      // Short delivery leases: a killed replica's claimed deliveries come back within ~10 s.
      SWITCHYARD_WEBHOOK_TIMEOUT_MS: '100',
      SWITCHYARD_RETRY_BASE_MS: '20',
    };
    const [a, b] = await Promise.all([startReplica('a', env), startReplica('b', env)]);
    replicas = [a, b];
    await waitFor(
      () => disjointCover(a.partitions(), b.partitions(), 4),
      40_000,
      'both replicas sharing the 4 partitions',
    );

    const producer = kafka.producer();
    await producer.connect();
    for (let i = 0; i < EVENTS; i++) {
      const value = JSON.stringify(event(i, topic));
      await producer.send({ topic, messages: [{ key: `svc-${i % 16}`, value }] });
      if (i === KILL_AFTER) {
        await waitFor(
          async () => (await count('SELECT count(*) AS n FROM $schema.events')) >= KILL_AFTER / 2,
          10_000,
          'events stored before the kill',
        );
        a.process.kill('SIGKILL'); // no commit, no leaving the group: a crash
      }
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
    await producer.disconnect();

    await waitFor(
      async () => (await count('SELECT count(*) AS n FROM $schema.events')) === EVENTS,
      40_000,
      'every event stored',
    );
    const delivered = () => new Set(receiver!.requests.map((r) => JSON.parse(r.body).run));
    await waitFor(() => delivered().size === EVENTS, 30_000, 'every run delivered');

    expect(await count('SELECT count(*) AS n FROM $schema.runs')).toBe(EVENTS);
    expect(
      await count(
        'SELECT count(*) AS n FROM (SELECT event_id FROM $schema.runs GROUP BY event_id HAVING count(*) <> 1) x',
      ),
    ).toBe(0);
    const seqs = new Set(receiver.requests.map((r) => JSON.parse(r.body).seq));
    expect(seqs.size).toBe(EVENTS);
    await waitFor(
      async () => (await count('SELECT count(*) AS n FROM $schema.outbox')) === 0,
      15_000,
      'an empty outbox',
    );
    expect(b.partitions()!.sort()).toEqual([0, 1, 2, 3]);

    b.process.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) =>
      b.process.once('exit', (exitCode) => resolve(exitCode)),
    );
    expect(code).toBe(0);
  }, 120_000);
});
