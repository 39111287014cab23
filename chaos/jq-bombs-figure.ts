import { join } from 'node:path';
import Database from 'better-sqlite3';
import {
  baseEnv,
  EVENTS_SECRET,
  figureDir,
  freePort,
  webhookOn,
  type Figure,
} from './chaos-env.js';
import { createdEvent, EventSender } from './event-sender.js';
import { percentile, sleep, waitUntil } from './proc-stats.js';
import { RunReceiver } from './run-receiver.js';
import { startServe } from './serve-process.js';

export const BOMBS = [
  '[range(1e9)] | length',
  'def f: f; f',
  'last(repeat(.))',
  'reduce range(1e9) as $i (""; . + "xxxxxxxxxxxxxxxx")',
  'def f: [f]; f',
  '"x" * (.event.context.entityIdentifier | length * 1e9)',
  '[limit(1e8; repeat("abcdefgh"))] | add',
];
const PROBES = [
  '$ENV',
  'env',
  'try input catch "none"',
  '[inputs]',
  'debug',
  'stderr',
  'input_filename',
  '$__loc__',
  '@sh "echo \\(.event.context.entityIdentifier)"',
  'get_search_list',
  '$ENV.PATH',
  'env.HOME',
];

/**
 * Figure 5: jq bombs in templates (their runs must fail clearly) and in conditions (the
 * automation must not match), while a cheap automation's delivery latency is measured;
 * probes of the process environment reveal nothing.
 */
export async function jqBombsFigure(seconds: number, rate: number): Promise<Figure> {
  const receiver = await new RunReceiver().up();
  receiver.keepBodies = true;
  const definitions: Record<string, unknown> = {
    'cheap.json': webhookOn('cheap', 'cheap', `${receiver.url}/cheap`, {
      body: { sent: '{{ .event.diff.after.properties.sent }}' },
    }),
    'probe.json': webhookOn('probe', 'probe', `${receiver.url}/probe`, {
      body: Object.fromEntries(PROBES.map((p, i) => [`p${i}`, `{{ ${p} }}`])),
    }),
  };
  BOMBS.forEach((bomb, i) => {
    definitions[`template-bomb-${i}.json`] = webhookOn(
      `template_bomb_${i}`,
      'bomb',
      `${receiver.url}/bomb`,
      { body: { x: `{{ ${bomb} }}` } },
    );
    definitions[`condition-bomb-${i}.json`] = webhookOn(
      `condition_bomb_${i}`,
      'bomb',
      `${receiver.url}/cbomb`,
      { conditions: [`(${bomb}) != null`] },
    );
  });
  const { dir, folder } = figureDir('jq-bombs', definitions);
  const db = join(dir, 'switchyard.db');
  const server = await startServe(
    baseEnv(folder, {
      SWITCHYARD_SQLITE_PATH: db,
      LOG_LEVEL: 'warn',
      HOME: '/home/chaos-home-marker',
    }),
    join(dir, 'serve.log'),
    await freePort(),
  );
  const sender = new EventSender(EVENTS_SECRET);
  const url = `${server.url}/v1/events`;
  const latencies = (from: number, to: number) =>
    receiver.bodies
      .filter((b) => b.path === '/cheap')
      .map((b) => ({ sent: Number((JSON.parse(b.body) as { sent: unknown }).sent), at: b.at }))
      .filter((b) => b.sent >= from && b.sent < to)
      .map((b) => b.at - b.sent);
  const cheap = (s: number, tag: string) =>
    sender.openLoop(
      rate,
      s,
      () => url,
      (i) => createdEvent(`evt_cheap_${tag}_${i}`, 'cheap', { sent: Date.now() }),
      () => undefined,
    );
  // Baseline, then the same load with a bomb event (every bomb, in templates and conditions) each second.
  const t0 = Date.now();
  await cheap(seconds, 'base');
  const t1 = Date.now();
  let bombEvents = 0;
  const bombAcceptMs: number[] = [];
  const bombing = (async () => {
    while (Date.now() - t1 < seconds * 1000) {
      const answer = await sender.post(url, createdEvent(`evt_bomb_${bombEvents++}`, 'bomb'));
      bombAcceptMs.push(answer.ms);
      await sleep(1000);
    }
  })();
  await Promise.all([cheap(seconds, 'bomb'), bombing]);
  const t2 = Date.now();
  await sender.post(url, createdEvent('evt_probe', 'probe'));
  const read = () => {
    const handle = new Database(db, { readonly: true });
    try {
      return handle
        .prepare(
          "SELECT action_identifier AS a, status, summary, created_at AS c, updated_at AS u FROM runs WHERE action_identifier LIKE '%bomb%'",
        )
        .all() as { a: string; status: string; summary: string | null; c: number; u: number }[];
    } finally {
      handle.close();
    }
  };
  let bombs = read();
  await waitUntil(
    () => {
      bombs = read();
      return (
        bombs.length >= bombEvents * BOMBS.length &&
        bombs.every((r) => r.status !== 'IN_PROGRESS') &&
        receiver.bodies.some((b) => b.path === '/probe')
      );
    },
    120_000,
    500,
  );
  await sleep(500);
  sender.close();
  await server.stop();
  await receiver.down();

  const base = latencies(t0, t1);
  const loaded = latencies(t1, t2);
  const templateRuns = bombs.filter((r) => r.a.startsWith('template_bomb'));
  const conditionRuns = bombs.filter((r) => r.a.startsWith('condition_bomb'));
  const clear = templateRuns.filter(
    (r) => r.status === 'FAILURE' && /jq|exceeded|memory|too long/i.test(r.summary ?? ''),
  ).length;
  // Conditions are evaluated before the 202: all 7 condition bombs of an event cost this.
  const slowest = Math.round(Math.max(0, ...bombAcceptMs));
  const probe = receiver.bodies.find((b) => b.path === '/probe')?.body ?? '';
  // The probes see the template's input (the event, and .secrets by design); they must not
  // see the process: its environment, working directory, files or home.
  const processDetails: Record<string, string> = {
    'EVENTS_SECRET (env only)': EVENTS_SECRET,
    'working directory': process.cwd(),
    'data directory': dir,
    HOME: 'chaos-home-marker',
    PATH: process.env.PATH ?? '/usr/bin',
  };
  const leaks = Object.entries(processDetails)
    .filter(([, value]) => value && probe.includes(value))
    .map(([name]) => name);
  const p99Base = percentile(base, 99);
  const p99Loaded = percentile(loaded, 99);
  return {
    figure: '5. jq bombs',
    ok:
      templateRuns.length === bombEvents * BOMBS.length &&
      clear === templateRuns.length &&
      conditionRuns.length === 0 &&
      leaks.length === 0 &&
      probe !== '' &&
      slowest <= BOMBS.length * 1200 &&
      p99Loaded < 1000,
    rows: {
      'bombs (each in a template and in a condition)': BOMBS.length,
      'bomb events': bombEvents,
      'template-bomb runs': templateRuns.length,
      '… FAILURE with a clear jq error': clear,
      'condition-bomb runs created (must be 0)': conditionRuns.length,
      'slowest bomb event 202 (7 condition bombs evaluated first) (ms)': slowest,
      'cheap deliveries baseline / during bombs': `${base.length} / ${loaded.length}`,
      'cheap p50 latency baseline / during bombs (ms)': `${percentile(base, 50)} / ${percentile(loaded, 50)}`,
      'cheap p99 latency baseline / during bombs (ms)': `${p99Base} / ${p99Loaded}`,
      'environment probes': PROBES.length,
      'process details revealed': leaks.length ? leaks.join(', ') : 0,
      'example failure': templateRuns[0]?.summary?.slice(0, 120) ?? '',
    },
    artifacts: [dir],
  };
}
