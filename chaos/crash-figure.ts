import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import {
  baseEnv,
  EVENTS_SECRET,
  figureDir,
  freePort,
  webhookOn,
  type Figure,
} from './chaos-env.js';
import { createdEvent, EventSender } from './event-sender.js';
import { sleep, waitUntil } from './proc-stats.js';
import { RunReceiver } from './run-receiver.js';
import { startServe, type ServeProcess } from './serve-process.js';

export interface CrashSettings {
  readonly rate: number;
  readonly seconds: number;
  readonly killEveryMs: number;
}

interface Counts {
  events: Set<string>;
  runs: { id: string; eventId: string; automation: string }[];
  open: number;
}

/**
 * Figure 1: events at a steady rate with unique ids while the server is SIGKILLed every
 * few seconds and restarted; then 0 accepted events lost, 0 runs twice for one (event,
 * automation), every run delivered (redeliveries keep the run id).
 */
export async function crashFigure(
  backend: 'sqlite' | 'postgres',
  settings: CrashSettings,
): Promise<Figure> {
  const receiver = await new RunReceiver().up();
  const { dir, folder } = figureDir(`crash-${backend}`, {
    'deliver.json': webhookOn('deliver', 'svc', `${receiver.url}/hook`),
  });
  const replicas = backend === 'sqlite' ? 1 : 2;
  let schema: string;
  const env: Record<string, string> = baseEnv(folder, {
    SWITCHYARD_RETRY_BASE_MS: '200',
    SWITCHYARD_DELIVERY_ATTEMPTS: '20',
    // A delivery claimed by a killed process is claimed again once its lease (2 × this + 10 s) ends.
    SWITCHYARD_WEBHOOK_TIMEOUT_MS: '2000',
    LOG_LEVEL: 'warn',
  });
  if (backend === 'sqlite') {
    env.SWITCHYARD_SQLITE_PATH = join(dir, 'switchyard.db');
    env.SWITCHYARD_SQLITE_SYNCHRONOUS = 'FULL';
  } else {
    schema = `chaos_${Date.now().toString(36)}`;
    const base = await postgresUrl();
    const client = new pg.Client({ connectionString: base });
    await client.connect();
    await client.query(`CREATE SCHEMA ${schema}`);
    await client.end();
    env.DATABASE_URL = `${base}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  }
  const ports = await Promise.all(Array.from({ length: replicas }, () => freePort()));
  const servers: (ServeProcess | undefined)[] = [];
  const logs = ports.map((_, i) => join(dir, `serve-${i}.log`));
  for (let i = 0; i < replicas; i++) servers[i] = await startServe(env, logs[i]!, ports[i]);

  const sender = new EventSender(EVENTS_SECRET);
  const accepted = new Set<string>();
  let refused = 0;
  let errors = 0;
  let kills = 0;
  let running = true;
  const killer = (async () => {
    let victim = 0;
    while (running) {
      await sleep(settings.killEveryMs);
      if (!running) break;
      const i = victim++ % replicas;
      await servers[i]!.kill();
      kills++;
      servers[i] = undefined;
      servers[i] = await startServe(env, logs[i]!, ports[i]);
    }
  })();
  const prefix = `evt_chaos_${backend}_${Date.now().toString(36)}_`;
  await sender.openLoop(
    settings.rate,
    settings.seconds,
    (i) => `http://127.0.0.1:${ports[i % replicas]}/v1/events`,
    (i) => createdEvent(`${prefix}${i}`, 'svc'),
    (i, outcome) => {
      if (outcome.status === 202) accepted.add(`${prefix}${i}`);
      else if (outcome.status === 0) errors++;
      else refused++;
    },
  );
  running = false;
  await killer;
  sender.close();

  const read = async (): Promise<Counts> => {
    if (backend === 'sqlite') {
      const db = new Database(env.SWITCHYARD_SQLITE_PATH!, { readonly: true, fileMustExist: true });
      try {
        const events = new Set(
          (db.prepare('SELECT id FROM events').all() as { id: string }[]).map((r) => r.id),
        );
        const runs = db
          .prepare('SELECT id, event_id AS eventId, action_identifier AS automation FROM runs')
          .all() as Counts['runs'];
        const open = (db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n;
        return { events, runs, open };
      } finally {
        db.close();
      }
    }
    const client = new pg.Client({ connectionString: env.DATABASE_URL });
    await client.connect();
    try {
      const events = new Set(
        (await client.query('SELECT id FROM events')).rows.map((r) => r.id as string),
      );
      const runs = (
        await client.query(
          'SELECT id, event_id AS "eventId", action_identifier AS automation FROM runs',
        )
      ).rows as Counts['runs'];
      const open = Number((await client.query('SELECT count(*) AS n FROM outbox')).rows[0].n);
      return { events, runs, open };
    } finally {
      await client.end();
    }
  };
  // Let the outbox drain (deliveries claimed by a killed process come back with their lease).
  let counts = await read();
  await waitUntil(
    async () => {
      counts = await read();
      return counts.open === 0 && counts.runs.every((r) => receiver.deliveries.has(r.id));
    },
    120_000,
    1000,
  );
  for (const server of servers) await server?.stop();
  await receiver.down();

  const lost = [...accepted].filter((id) => !counts.events.has(id)).length;
  const perEventAutomation = new Map<string, number>();
  for (const run of counts.runs) {
    const key = `${run.eventId}\u0000${run.automation}`;
    perEventAutomation.set(key, (perEventAutomation.get(key) ?? 0) + 1);
  }
  const twice = [...perEventAutomation.values()].filter((n) => n > 1).length;
  const withoutRun = [...accepted].filter(
    (id) => !perEventAutomation.has(`${id}\u0000deliver`),
  ).length;
  const undelivered = counts.runs.filter((r) => !receiver.deliveries.has(r.id)).length;
  const redelivered = counts.runs.filter((r) => (receiver.deliveries.get(r.id) ?? 0) > 1).length;
  const strays = [...receiver.deliveries.keys()].filter(
    (id) => !counts.runs.some((r) => r.id === id),
  ).length;
  return {
    figure: `1. crash (${backend === 'sqlite' ? 'SQLite FULL' : 'PostgreSQL, 2 replicas'})`,
    ok: lost === 0 && twice === 0 && withoutRun === 0 && undelivered === 0 && strays === 0,
    rows: {
      'events sent': Math.round(settings.rate * settings.seconds),
      'rate (/s)': settings.rate,
      SIGKILLs: kills,
      '202 accepted': accepted.size,
      'refused (4xx/5xx)': refused,
      'no answer (server down)': errors,
      'accepted events lost': lost,
      'accepted events without a run': withoutRun,
      'runs created twice for one (event, automation)': twice,
      'runs stored': counts.runs.length,
      'runs never delivered': undelivered,
      'runs delivered more than once (same run id)': redelivered,
      'deliveries with an unknown run id': strays,
      'outbox left': counts.open,
    },
    artifacts: [dir],
  };
}

/** The first PostgreSQL on 127.0.0.1 that accepts a connection (DATABASE_URL first). */
async function postgresUrl(): Promise<string> {
  const candidates = [
    process.env.DATABASE_URL,
    process.env.SWITCHYARD_TEST_DATABASE_URL,
    'postgres://postgres@127.0.0.1:5432/test',
    'postgres://root@127.0.0.1:5432/test',
  ].filter((url): url is string => Boolean(url));
  for (const url of candidates) {
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      return url;
    } catch {
      // next
    }
  }
  throw new Error('no PostgreSQL at 127.0.0.1:5432 (set DATABASE_URL to one)');
}
