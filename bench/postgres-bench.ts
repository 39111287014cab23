import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import pg from 'pg';
import { writeDefinitionsFolder } from '../testkit/definitions-folder.js';
import type { BenchRow } from './bench-row.js';
import { degradedAutomation, ECHO, event, SECRET } from './bot-bench.js';
import { LoadGenerator } from './load-generator.js';
import { startProcess } from './start-process.js';
import { startWebhookReceiver, waitForStats, type WebhookReceiver } from './webhook-receiver.js';

const EVENTS = 5000;

/**
 * `switchyard serve` on PostgreSQL over HTTP: signed events in → durable runs → webhooks
 * received, with one replica and with two replicas on one database (events split between them,
 * every 10th sent to both with one id). The receiver counts distinct runs and events, so a run
 * delivered twice, or an event that made a run on each replica, shows. The bare Node http
 * server in the same run is the anchor.
 */
export async function runPostgresBench(): Promise<BenchRow[]> {
  const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  const schema = `sy_pg_bench_${randomBytes(4).toString('hex')}`;
  const receiver = await startWebhookReceiver({ record: true });
  const { dir, folder } = await writeDefinitionsFolder(
    { 'degraded.json': degradedAutomation(`${receiver.url}/hook`) },
    { prefix: 'sy-pg-bench-' },
  );
  const echo = await startProcess(['-e', ECHO], {}, /listening on (http:\/\/\S+)/);
  const rows: BenchRow[] = [];
  try {
    const echoGen = new LoadGenerator(new URL('/v1/events', echo.match[1]), SECRET);
    const bare = (EVENTS * 1000) / (await echoGen.closedLoop(EVENTS, 64, event));
    echoGen.close();
    rows.push({ name: 'bare Node http server answering 202 (anchor)', value: bare, unit: 'req/s' });
    for (const replicas of [1, 2]) {
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.query(`CREATE SCHEMA ${schema}`);
      const separator = base.includes('?') ? '&' : '?';
      const url = `${base}${separator}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
      const bots = [];
      try {
        for (let r = 0; r < replicas; r++) bots.push(await startServe(url, folder));
        const gens = bots.map(
          (bot) => new LoadGenerator(new URL('/v1/events', bot.match[1]), SECRET),
        );
        const result = await drive(gens, receiver, replicas > 1, replicas * 1_000_000);
        for (const gen of gens) gen.close();
        const label = replicas === 1 ? 'one replica' : 'two replicas on one database, together';
        rows.push({
          name: `PostgreSQL, ${label}: end to end, signed event in → webhook received`,
          value: result.eventsPerSecond,
          unit: 'events/s',
          note: `${(result.eventsPerSecond / bare).toFixed(2)} × bare Node http`,
        });
        rows.push({
          name: `PostgreSQL, ${label}: accept only, signed event in → 202 (durable)`,
          value: result.acceptPerSecond,
          unit: 'events/s',
          note: `${(result.acceptPerSecond / bare).toFixed(2)} × bare Node http`,
        });
        if (replicas > 1) {
          rows.push({
            name: 'PostgreSQL, two replicas: webhooks beyond one per distinct run and event',
            value: result.duplicates,
            unit: 'deliveries',
            note: `${result.sent} requests (${result.sent - result.events} repeats of an id to the other replica), ${result.events} events; must be 0`,
          });
        }
      } finally {
        for (const bot of bots) bot.proc.kill();
      }
    }
  } finally {
    echo.proc.kill();
    receiver.close();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await admin.end();
    await rm(dir, { recursive: true, force: true });
  }
  return rows;
}

function startServe(databaseUrl: string, folder: string) {
  return startProcess(
    ['lib/bin/switchyard.js', 'serve'],
    {
      PORT: '0',
      DATABASE_URL: databaseUrl,
      SWITCHYARD_DEFINITIONS: folder,
      SWITCHYARD_ALLOWED_DESTINATIONS: '127.0.0.1',
      SWITCHYARD_EVENTS_SECRET: SECRET,
      SWITCHYARD_WATCH: 'false',
      SWITCHYARD_DELIVERY_CONCURRENCY: '64',
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'json',
    },
    /switchyard listening on (http:\/\/\S+?)"/,
  );
}

/** Sends EVENTS distinct events round-robin over the replicas (64 in flight in all). */
async function drive(
  gens: LoadGenerator[],
  receiver: WebhookReceiver,
  repeat: boolean,
  offset: number,
) {
  const before = await receiver.stats();
  const bodies = Array.from({ length: EVENTS }, (_, i) => event(offset + i));
  let next = 0;
  let sent = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: 64 }, async (_, worker) => {
      while (next < EVENTS) {
        const i = next++;
        const targets = repeat && i % 10 === 0 ? gens : [gens[(i + worker) % gens.length]!];
        for (const gen of targets) {
          const answer = await gen.post(bodies[i]!);
          sent++;
          if (answer.status >= 300) throw new Error(`status ${answer.status}`);
        }
      }
    }),
  );
  const acceptMs = performance.now() - start;
  await waitForStats(receiver, ({ distinctRuns }) => distinctRuns - before.distinctRuns >= EVENTS);
  const e2eMs = performance.now() - start;
  // Anything still in flight that would be a second delivery arrives within a moment.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const after = await receiver.stats();
  const count = after.count - before.count;
  const runs = after.distinctRuns - before.distinctRuns;
  const events = after.distinctEvents - before.distinctEvents;
  return {
    eventsPerSecond: (EVENTS * 1000) / e2eMs,
    acceptPerSecond: (sent * 1000) / acceptMs,
    sent,
    events: EVENTS,
    duplicates: count - runs + (runs - events),
  };
}
