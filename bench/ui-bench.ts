import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { pino } from 'pino';
import { readConfig } from '../bot/config/read-config.js';
import { startBot } from '../bot/create-bot.js';
import type { NewRun } from '../bot/store/run-record.js';
import { createStore } from '../bot/store/create-store.js';
import type { RunStatus } from '../core/runs/run-status.js';
import { newId, newRunId } from '../core/runs/new-run-id.js';
import type { BenchRow } from './bench-row.js';

const CHROMIUM = '/usr/bin/chromium';
const STATUSES: readonly RunStatus[] = ['SUCCESS', 'SUCCESS', 'SUCCESS', 'FAILURE', 'IN_PROGRESS'];

/** The calls the runs page makes for its first render (docs/api.md, "Endpoints the web UI uses"). */
const FIRST_RENDER = ['/v1/ui/session', '/v1/actions/runs?limit=50', '/v1/automations'];

/**
 * The runs page's first render with `runs` runs in the store (SQLite): the server time of
 * each API call the page makes (median of 25 over loopback), and in Chromium the time to
 * first contentful paint and to the first run row (median of 5 cold page loads).
 */
export async function runUiBench(options: { runs?: number } = {}): Promise<BenchRow[]> {
  const total = options.runs ?? 100_000;
  const dir = await mkdtemp(join(tmpdir(), 'sy-ui-bench-'));
  const sqlitePath = join(dir, 'switchyard.db');
  const rows: BenchRow[] = [];
  try {
    const seedStart = performance.now();
    await seed(sqlitePath, total);
    rows.push({
      name: `seed ${total.toLocaleString('en')} runs`,
      value: Math.round(performance.now() - seedStart),
      unit: 'ms',
    });
    await mkdir(join(dir, 'automations'));
    const bot = await startBot(
      readConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        SWITCHYARD_SQLITE_PATH: sqlitePath,
        SWITCHYARD_DEFINITIONS: join(dir, 'automations'),
        SWITCHYARD_WATCH: 'false',
        LOG_LEVEL: 'silent',
      } as NodeJS.ProcessEnv),
      { log: pino({ level: 'silent' }) },
    );
    try {
      const calls = [
        ...FIRST_RENDER,
        '/v1/actions/runs?limit=50&status=FAILURE',
        '/v1/actions/runs?limit=50&entity=svc-7',
      ];
      for (const path of calls) {
        const ms = await medianMs(25, async () => {
          const answer = await fetch(`${bot.url}${path}`);
          await answer.arrayBuffer();
          if (!answer.ok && answer.status !== 404) throw new Error(`${path}: ${answer.status}`);
        });
        rows.push({
          name: `server: GET ${path}`,
          value: round(ms),
          unit: 'ms',
          note: FIRST_RENDER.includes(path) ? 'target < 300 ms' : 'filtered',
        });
      }
      rows.push(...(await browserRows(bot.url)));
    } finally {
      await bot.stop();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return rows;
}

async function seed(sqlitePath: string, total: number): Promise<void> {
  const store = await createStore({ sqlitePath });
  try {
    const perEvent = 500;
    for (let done = 0; done < total; done += perEvent) {
      const runs: NewRun[] = [];
      for (let i = done; i < Math.min(total, done + perEvent); i++) runs.push(sampleRun(i));
      await store.recordEvent({ id: newId('event_'), source: 'http', body: {} }, runs);
    }
  } finally {
    await store.close();
  }
}

function sampleRun(i: number): NewRun {
  const request = {
    type: 'WEBHOOK',
    url: 'https://hooks.example.com/notify',
    method: 'POST',
    headers: { Authorization: 'Bearer ***' },
    body: { entity: `svc-${i % 1000}` },
  };
  return {
    id: newRunId(),
    action: { identifier: `automation_${i % 20}`, title: `Automation ${i % 20}` },
    source: 'AUTOMATION',
    blueprint: { identifier: 'service' },
    entity: { identifier: `svc-${i % 1000}`, title: null },
    payload: request,
    delivery: null,
    status: STATUSES[i % STATUSES.length]!,
    backendType: 'WEBHOOK',
    origin: { file: `automations/automation-${i % 20}.json` },
  };
}

async function browserRows(url: string): Promise<BenchRow[]> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  const paints: number[] = [];
  const firstRows: number[] = [];
  try {
    for (let i = 0; i < 6; i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      // Injected by the browser (not the page), so the page's CSP does not apply to it.
      await page.addInitScript(`
        new MutationObserver((_, observer) => {
          if (document.querySelector('table.runs tbody tr')) {
            window.__firstRow = performance.now();
            observer.disconnect();
          }
        }).observe(document, { childList: true, subtree: true });
      `);
      await page.goto(`${url}/runs`);
      await page.waitForSelector('table.runs tbody tr');
      const timing = (await page.evaluate(
        `({ paint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null, row: window.__firstRow })`,
      )) as { paint: number | null; row: number };
      await context.close();
      if (i === 0) continue; // the first load warms the server's caches and the browser
      if (timing.paint !== null) paints.push(timing.paint);
      firstRows.push(timing.row);
    }
  } finally {
    await browser.close();
  }
  return [
    {
      name: 'Chromium: first contentful paint (/runs)',
      value: round(median(paints)),
      unit: 'ms',
      note: 'median of 5 cold loads',
    },
    {
      name: 'Chromium: first run row on screen (/runs)',
      value: round(median(firstRows)),
      unit: 'ms',
      note: 'from navigation start',
    },
  ];
}

async function medianMs(times: number, fn: () => Promise<void>): Promise<number> {
  await fn();
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? Number.NaN : sorted[Math.floor(sorted.length / 2)]!;
}

const round = (ms: number): number => Math.round(ms * 10) / 10;

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const row of await runUiBench()) console.log(`${row.value} ${row.unit}  ${row.name}`);
}
