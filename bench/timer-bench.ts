import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { pino } from 'pino';
import { readConfig } from '../bot/config/read-config.js';
import { startBot, type Bot } from '../bot/create-bot.js';
import { createStore } from '../bot/store/create-store.js';
import type { NewTimer } from '../bot/store/timer-store.js';
import { writeDefinitionsFolder } from '../testkit/definitions-folder.js';
import type { BenchRow } from './bench-row.js';
import { startWebhookReceiver } from './webhook-receiver.js';
import { percentile } from './load-generator.js';

const SPREAD_TIMERS = 100_000;
const SPREAD_MS = 60_000;
const BURST_TIMERS = 20_000;
const PENDING_TIMERS = 1_000_000;

interface Target {
  readonly label: string;
  readonly env: Record<string, string>;
  /** Due instant and run creation time (epoch ms) of every timer run. */
  lags(): Promise<{ due: number; created: number }[]>;
  count(table: string): Promise<number>;
  dispose(): Promise<void>;
}

/**
 * The timer engine in a real bot: 100,000 timers due within the same minute (spread evenly)
 * fire through ingest into runs of one matching automation; measures timers fired per second
 * and the lag from due time to run creation. A burst of 20,000 timers all due already measures
 * the most the scheduler fires per second.
 */
export async function runTimerBench(
  options: { databaseUrl?: string; spread?: number; burst?: number; pending?: number } = {},
): Promise<BenchRow[]> {
  const receiver = await startWebhookReceiver();
  const { dir, folder } = await writeDefinitionsFolder(
    {
      'ttl.json': {
        identifier: 'ttl_expired',
        trigger: {
          type: 'automation',
          event: {
            type: 'TIMER_PROPERTY_EXPIRED',
            blueprintIdentifier: 'environment',
            propertyIdentifier: 'ttl',
          },
          condition: {
            type: 'JQ',
            expressions: ['.diff.after.properties.protected != true'],
            combinator: 'and',
          },
        },
        invocationMethod: {
          type: 'WEBHOOK',
          url: `${receiver.url}/hook`,
          body: { entity: '{{ .event.context.entityIdentifier }}', run: '{{ .run.id }}' },
        },
        publish: true,
      },
    },
    { prefix: 'sy-timer-bench-' },
  );
  const rows: BenchRow[] = [];
  try {
    const targets: (() => Promise<Target>)[] = [() => sqliteTarget(dir)];
    if (options.databaseUrl) targets.push(() => postgresTarget(options.databaseUrl!));
    for (const open of targets) {
      let target: Target;
      try {
        target = await open();
      } catch (error) {
        rows.push({ name: 'PostgreSQL', value: 0, unit: '', note: `skipped: ${String(error)}` });
        continue;
      }
      try {
        if (target.label === 'SQLite' && (options.pending ?? PENDING_TIMERS) > 0) {
          rows.push(...(await pendingRun(dir, options.pending ?? PENDING_TIMERS)));
        }
        const spread = options.spread ?? SPREAD_TIMERS;
        if (spread > 0) rows.push(...(await spreadRun(target, folder, spread)));
        const burst = options.burst ?? BURST_TIMERS;
        if (burst > 0) rows.push(...(await burstRun(target, folder, burst)));
      } finally {
        await target.dispose();
      }
    }
  } finally {
    receiver.close();
    await rm(dir, { recursive: true, force: true });
  }
  return rows;
}

async function startTimerBot(target: Target, folder: string): Promise<Bot> {
  const env = {
    PORT: '0',
    SWITCHYARD_DEFINITIONS: folder,
    // The receiver is on loopback, which webhooks may not reach by default.
    SWITCHYARD_ALLOWED_DESTINATIONS: '127.0.0.1',
    SWITCHYARD_WATCH: 'false',
    SWITCHYARD_DELIVERY_CONCURRENCY: '64',
    LOG_LEVEL: 'error',
    ...target.env,
  };
  return startBot(readConfig(env as NodeJS.ProcessEnv), {
    log: pino({ level: 'error' }),
  });
}

function timers(count: number, prefix: string, dueOf: (i: number) => number): NewTimer[] {
  return Array.from({ length: count }, (_, i) => {
    const due = dueOf(i);
    const entity = `${prefix}-${i}`;
    return {
      key: { blueprint: 'environment', entity, property: 'ttl' },
      dueAt: due,
      value: new Date(due).toISOString(),
      entity: {
        identifier: entity,
        blueprint: 'environment',
        title: entity,
        properties: { ttl: new Date(due).toISOString(), protected: false },
      },
      sourceEventId: `bench-${entity}`,
    };
  });
}

async function schedule(bot: Bot, list: readonly NewTimer[]): Promise<void> {
  for (let i = 0; i < list.length; i += 5000) {
    await bot.ctx.store.timers.schedule(list.slice(i, i + 5000), Date.now());
  }
  bot.ctx.timers!.scheduler.notify(Math.min(...list.slice(0, 1000).map((t) => t.dueAt)));
}

async function waitForRuns(target: Target, total: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await target.count('runs')) < total) {
    if (Date.now() > deadline)
      throw new Error(`only ${await target.count('runs')} of ${total} runs`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function spreadRun(target: Target, folder: string, count: number): Promise<BenchRow[]> {
  const bot = await startTimerBot(target, folder);
  try {
    const baseRuns = await target.count('runs');
    // Scheduled ahead of the minute, so scheduling does not overlap firing.
    const start = Date.now() + 5000 + count / 50;
    await schedule(
      bot,
      timers(count, 'spread', (i) => start + Math.floor((i * SPREAD_MS) / count)),
    );
    await waitForRuns(target, baseRuns + count, SPREAD_MS * 10);
    const lags = (await target.lags()).filter((l) => l.due >= start).map((l) => l.created - l.due);
    const last = Math.max(...(await target.lags()).map((l) => l.created));
    const label = `${target.label}, ${count.toLocaleString('en-US')} timers due in one minute`;
    return [
      {
        name: `${label}: timers fired per second`,
        value: (count * 1000) / (last - start),
        unit: 'timers/s',
        note: `arrival rate ${Math.round((count * 1000) / SPREAD_MS)}/s`,
      },
      { name: `${label}: due → run created, p50`, value: percentile(lags, 50), unit: 'ms' },
      { name: `${label}: due → run created, p99`, value: percentile(lags, 99), unit: 'ms' },
    ];
  } finally {
    await bot.stop();
  }
}

async function burstRun(target: Target, folder: string, count: number): Promise<BenchRow[]> {
  const bot = await startTimerBot(target, folder);
  try {
    await bot.ctx.timers!.scheduler.stop();
    const baseRuns = await target.count('runs');
    const due = Date.now() - 1000;
    await schedule(
      bot,
      timers(count, 'burst', () => due),
    );
    const started = performance.now();
    bot.ctx.timers!.scheduler.start();
    await waitForRuns(target, baseRuns + count, 600_000);
    const elapsed = performance.now() - started;
    return [
      {
        name: `${target.label}, ${count.toLocaleString('en-US')} timers all due at once: timers fired per second`,
        value: (count * 1000) / elapsed,
        unit: 'timers/s',
        note: 'claimed in batches of 500',
      },
    ];
  } finally {
    await bot.stop();
  }
}

/** With a million timers pending, what the scheduler's lookups cost (SQLite). */
async function pendingRun(dir: string, count: number): Promise<BenchRow[]> {
  const store = await createStore({ sqlitePath: join(dir, 'pending.db') });
  try {
    const now = Date.now();
    const far = now + 30 * 86_400_000;
    for (let i = 0; i < count; i += 5000) {
      await store.timers.schedule(
        timers(Math.min(5000, count - i), `pending-${i}`, (j) => far + i + j),
        now,
      );
    }
    await store.timers.schedule(
      timers(500, 'due', () => now - 1),
      now,
    );
    const time = async (work: () => Promise<unknown>, times: number) => {
      const started = performance.now();
      for (let i = 0; i < times; i++) await work();
      return (performance.now() - started) / times;
    };
    const next = await time(() => store.timers.nextAvailableAt(), 200);
    const claim = await time(
      () => store.timers.claimDue({ owner: 'bench', limit: 500, leaseMs: 60_000, now }),
      1,
    );
    const empty = await time(
      () => store.timers.claimDue({ owner: 'bench', limit: 500, leaseMs: 60_000, now }),
      50,
    );
    const label = `SQLite, ${count.toLocaleString('en-US')} timers pending`;
    return [
      { name: `${label}: next due lookup (the scheduler's wake-up)`, value: next, unit: 'ms' },
      { name: `${label}: claim the 500 due among them`, value: claim, unit: 'ms' },
      { name: `${label}: claim when none is due`, value: empty, unit: 'ms' },
    ];
  } finally {
    await store.close();
  }
}

async function sqliteTarget(dir: string): Promise<Target> {
  const path = join(dir, 'timers.db');
  const open = () => new Database(path, { readonly: true });
  return {
    label: 'SQLite',
    env: { SWITCHYARD_SQLITE_PATH: path },
    async lags() {
      const db = open();
      try {
        return (
          db
            .prepare(
              `SELECT r.created_at AS created, json_extract(e.body, '$.diff.after.properties.ttl') AS ttl
               FROM runs r JOIN events e ON e.id = r.event_id`,
            )
            .all() as { created: number; ttl: string }[]
        ).map((row) => ({ created: Number(row.created), due: Date.parse(row.ttl) }));
      } finally {
        db.close();
      }
    },
    async count(table) {
      let db: Database.Database | undefined;
      try {
        db = open();
        return Number((db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n);
      } catch {
        return 0;
      } finally {
        db?.close();
      }
    },
    async dispose() {},
  };
}

async function postgresTarget(url: string): Promise<Target> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const schema = `sy_timer_bench_${randomBytes(4).toString('hex')}`;
  await client.query(`CREATE SCHEMA ${schema}`);
  return {
    label: 'PostgreSQL',
    env: { DATABASE_URL: `${url}?options=${encodeURIComponent(`-c search_path=${schema}`)}` },
    async lags() {
      const result = await client.query(
        `SELECT r.created_at AS created, e.body->'diff'->'after'->'properties'->>'ttl' AS ttl
         FROM ${schema}.runs r JOIN ${schema}.events e ON e.id = r.event_id`,
      );
      return result.rows.map((row: { created: string; ttl: string }) => ({
        created: Number(row.created),
        due: Date.parse(row.ttl),
      }));
    },
    async count(table) {
      try {
        return Number(
          (await client.query(`SELECT count(*) AS n FROM ${schema}.${table}`)).rows[0].n,
        );
      } catch {
        return 0;
      }
    },
    async dispose() {
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    },
  };
}
