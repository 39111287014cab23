import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { writeDefinitionsFolder } from '../../../testkit/definitions-folder.js';
import { json, startLoopbackServer, type LoopbackServer } from '../../helpers/loopback-server.js';
import { waitFor } from '../../helpers/wait-for.js';
import { startReplica, type Replica } from '../kafka/replica-process.js';
import { findPostgresUrl } from '../store/postgres-harness.js';
import { created, iso, ttlAutomation } from './timer-harness.js';

const TIMERS = 60;

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

describe('timers with two replicas on one PostgreSQL', () => {
  it('fire every timer exactly once, also when one replica is killed while timers come due', async () => {
    const url = await findPostgresUrl();
    const schema = `sy_timers_${randomBytes(4).toString('hex')}`;
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    db = { client, schema };
    await client.query(`CREATE SCHEMA ${schema}`);
    const count = async (sql: string) =>
      Number((await client.query(sql.replaceAll('$schema', schema))).rows[0].n);

    receiver = await startLoopbackServer((_req, res) => json(res, 200, {}));
    const { folder } = await writeDefinitionsFolder(
      { 'ttl.json': ttlAutomation(receiver.url) },
      { prefix: 'sy-timer-replicas-' },
    );
    const env = {
      PORT: '0',
      SWITCHYARD_DEFINITIONS: folder,
      // The receiver is on loopback, which webhooks may not reach by default.
      SWITCHYARD_ALLOWED_DESTINATIONS: '127.0.0.1',
      SWITCHYARD_WATCH: 'false',
      DATABASE_URL: `${url}?options=${encodeURIComponent(`-c search_path=${schema}`)}`,
      // Small batches and short leases: the killed replica holds few timers, briefly; the
      // survivor looks at the store often, since it was not told of the other's timers.
      SWITCHYARD_TIMER_BATCH_SIZE: '4',
      SWITCHYARD_TIMER_LEASE_MS: '1500',
      SWITCHYARD_TIMER_RECHECK_MS: '200',
      SWITCHYARD_WEBHOOK_TIMEOUT_MS: '100',
      SWITCHYARD_RETRY_BASE_MS: '20',
    };
    const [a, b] = await Promise.all([startReplica('a', env), startReplica('b', env)]);
    replicas = [a, b];

    // Half the timers due in ~5 s, half in ~10 s; each replica schedules half of each.
    const start = Date.now();
    for (let i = 0; i < TIMERS; i++) {
      const ttl = iso(start + (i % 2 === 0 ? 5000 : 10_000) + i * 10);
      const response = await fetch(`${(i % 4 < 2 ? a : b).url}/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(created(`env-${i}`, { ttl })),
      });
      expect(response.status).toBe(202);
    }
    const fired = () => count("SELECT count(*) AS n FROM $schema.events WHERE source = 'timer'");
    // Every timer is either pending or fired (a slow machine may fire the first ones already);
    // one statement sees one snapshot, and a firing removes its timer as it stores its event.
    expect(
      await count(
        "SELECT (SELECT count(*) FROM $schema.timers) + (SELECT count(*) FROM $schema.events WHERE source = 'timer') AS n",
      ),
    ).toBe(TIMERS);
    await waitFor(async () => (await fired()) >= 10, 60_000, 'the first timers to fire');
    a.process.kill('SIGKILL'); // a crash: whatever a claimed stays claimed until its lease ends

    await waitFor(async () => (await fired()) === TIMERS, 90_000, 'every timer fired');
    expect(await count('SELECT count(*) AS n FROM $schema.timers')).toBe(0);
    expect(await count('SELECT count(*) AS n FROM $schema.runs')).toBe(TIMERS);
    expect(
      await count(
        'SELECT count(*) AS n FROM (SELECT event_id FROM $schema.runs GROUP BY event_id HAVING count(*) <> 1) x',
      ),
    ).toBe(0);
    const entities = () =>
      new Set(
        receiver!.requests.filter((r) => r.url === '/hook').map((r) => JSON.parse(r.body).entity),
      );
    await waitFor(() => entities().size === TIMERS, 90_000, 'every run delivered');
    expect(await count('SELECT count(*) AS n FROM $schema.runs')).toBe(TIMERS);
  }, 300_000);
});
