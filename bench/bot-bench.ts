import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeDefinitionsFolder } from '../testkit/definitions-folder.js';
import type { BenchRow } from './bench-row.js';
import { LoadGenerator, percentile } from './load-generator.js';
import { startProcess } from './start-process.js';
import { startWebhookReceiver, waitForStats } from './webhook-receiver.js';

export const SECRET = 'bench-secret';

/** A bare Node http server answering 202: the ceiling every HTTP figure is compared with. */
export const ECHO = `const http = require('node:http');
const server = http.createServer((req, res) => { const c = []; req.on('data', (d) => c.push(d)); req.on('end', () => { res.writeHead(202, {'content-type': 'application/json'}); res.end('{"ok":true}'); }); });
server.listen(0, '127.0.0.1', () => console.log('listening on http://127.0.0.1:' + server.address().port));`;

/** A signed-HTTP entity event (unique id) that the bench automation matches. */
export function event(i: number): string {
  return JSON.stringify({
    id: `bench-${process.pid}-${i}-${Math.random().toString(36).slice(2)}`,
    action: 'UPDATE',
    resourceType: 'entity',
    trigger: { by: { orgId: 'org', userId: 'u' }, origin: 'UI', at: new Date().toISOString() },
    context: {
      blueprintIdentifier: 'service',
      entityIdentifier: `svc-${i}`,
      propertyIdentifier: null,
    },
    diff: {
      before: {
        identifier: `svc-${i}`,
        blueprint: 'service',
        title: 'S',
        properties: { tier: 1, health: 'Healthy' },
      },
      after: {
        identifier: `svc-${i}`,
        blueprint: 'service',
        title: 'S',
        properties: { tier: 1, health: 'Degraded' },
      },
    },
  });
}

/** The one automation of the end-to-end benches: a JQ condition, a synchronized webhook to `url`. */
export function degradedAutomation(url: string): Record<string, unknown> {
  return {
    identifier: 'degraded',
    trigger: {
      type: 'automation',
      event: { type: 'ENTITY_UPDATED', blueprintIdentifier: 'service' },
      condition: {
        type: 'JQ',
        expressions: [
          '.diff.after.properties.health == "Degraded"',
          '.diff.before.properties.health != .diff.after.properties.health',
        ],
        combinator: 'and',
      },
    },
    invocationMethod: {
      type: 'WEBHOOK',
      url,
      synchronized: true,
      body: {
        service: '{{ .event.context.entityIdentifier }}',
        run: '{{ .run.id }}',
        health: '{{ .event.diff.after.properties.health }}',
      },
    },
    publish: true,
  };
}

/**
 * End to end on one machine: signed HTTP events into `switchyard serve` (SQLite), one
 * matching automation each, webhook received on loopback; and accept latency at a steady
 * 1,000 events/s. A bare Node http server answering 202 is the ceiling.
 */
export async function runBotBench(): Promise<BenchRow[]> {
  const receiver = await startWebhookReceiver();
  const receiverUrl = receiver.url;
  const { dir, folder } = await writeDefinitionsFolder(
    {
      'degraded.json': degradedAutomation(`${receiverUrl}/hook`),
    },
    { prefix: 'sy-bot-bench-' },
  );
  const rows: BenchRow[] = [];
  const echo = await startProcess(['-e', ECHO], {}, /listening on (http:\/\/\S+)/);
  const echoGen = new LoadGenerator(new URL('/v1/events', echo.match[1]), SECRET);
  try {
    const variants = [
      { synchronous: 'FULL', thread: 'main' },
      { synchronous: 'FULL', thread: 'worker' },
      { synchronous: 'NORMAL', thread: 'main' },
    ] as const;
    for (const { synchronous, thread } of variants) {
      const bot = await startProcess(
        ['lib/bin/switchyard.js', 'serve'],
        {
          PORT: '0',
          SWITCHYARD_DEFINITIONS: folder,
          // The receivers are on loopback, which webhooks may not reach by default.
          SWITCHYARD_ALLOWED_DESTINATIONS: '127.0.0.1',
          SWITCHYARD_SQLITE_PATH: join(dir, `db-${synchronous}-${thread}.sqlite`),
          SWITCHYARD_SQLITE_SYNCHRONOUS: synchronous,
          SWITCHYARD_SQLITE_THREAD: thread,
          SWITCHYARD_EVENTS_SECRET: SECRET,
          SWITCHYARD_WATCH: 'false',
          SWITCHYARD_DELIVERY_CONCURRENCY: '64',
          LOG_LEVEL: 'info',
          LOG_FORMAT: 'json',
        },
        /switchyard listening on (http:\/\/\S+?)"/,
      );
      try {
        const gen = new LoadGenerator(new URL('/v1/events', bot.match[1]), SECRET);
        const warm = (await receiver.stats()).count;
        await gen.closedLoop(500, 16, event);
        await waitForStats(receiver, ({ count }) => count - warm >= 500);
        const total = 10_000;
        const before = (await receiver.stats()).count;
        const start = performance.now();
        const acceptMs = await gen.closedLoop(total, 64, event);
        await waitForStats(receiver, ({ count }) => count - before >= total);
        const e2eMs = performance.now() - start;
        const latency = await gen.openLoop(1000, 5, event);
        gen.close();
        const byDefault = synchronous === 'FULL' && thread === 'main' ? ' (default)' : '';
        const label = `SQLite synchronous=${synchronous}, ${thread} thread${byDefault}`;
        rows.push({
          name: `${label}: end to end, signed event in → webhook received`,
          value: (total * 1000) / e2eMs,
          unit: 'events/s',
          note: 'target ≥ 5,000',
        });
        rows.push({
          name: `${label}: accept only, signed event in → 202 (durable)`,
          value: (total * 1000) / acceptMs,
          unit: 'events/s',
        });
        rows.push({
          name: `${label}: accept latency p50 at 1,000 events/s`,
          value: percentile(latency, 50),
          unit: 'ms',
        });
        rows.push({
          name: `${label}: accept latency p99 at 1,000 events/s`,
          value: percentile(latency, 99),
          unit: 'ms',
          note: 'target < 10 ms',
        });
      } finally {
        bot.proc.kill();
      }
    }
    const echoMs = await echoGen.closedLoop(10_000, 64, event);
    const echoLatency = await echoGen.openLoop(1000, 5, event);
    rows.push({
      name: 'bare Node http server answering 202 (ceiling)',
      value: (10_000 * 1000) / echoMs,
      unit: 'requests/s',
    });
    rows.push({
      name: 'bare Node http p50 / p99 at 1,000 requests/s',
      value: percentile(echoLatency, 50),
      unit: 'ms',
      note: `p99 ${percentile(echoLatency, 99).toFixed(2)} ms`,
    });
  } finally {
    echoGen.close();
    echo.proc.kill();
    receiver.close();
    await rm(dir, { recursive: true, force: true });
  }
  return rows;
}
