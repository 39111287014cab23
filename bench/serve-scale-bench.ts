import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeDefinitionsFolder } from '../testkit/definitions-folder.js';
import type { BenchRow } from './bench-row.js';
import { ECHO } from './bot-bench.js';
import { startProcess } from './start-process.js';

const AUTOMATIONS = 10_000;

/** One of many distinct automations: its own blueprint, a JQ condition, a templated webhook. */
function automation(i: number): Record<string, unknown> {
  return {
    identifier: `scale_${i}`,
    title: `Scale ${i}`,
    trigger: {
      type: 'automation',
      event: { type: 'ENTITY_UPDATED', blueprintIdentifier: `blueprint_${i % 500}` },
      condition: {
        type: 'JQ',
        expressions: [`.diff.after.properties.tier == ${i % 7}`, '.diff.after.title != null'],
        combinator: 'and',
      },
    },
    invocationMethod: {
      type: 'WEBHOOK',
      url: `http://127.0.0.1:9/hook/${i}`,
      synchronized: true,
      body: {
        entity: '{{ .event.context.entityIdentifier }}',
        title: `{{ .event.diff.after.title + " (${i})" }}`,
        run: '{{ .run.id }}',
      },
    },
    publish: true,
  };
}

/** Resident set (now) and its peak, in MiB, from /proc (Linux). */
async function memory(pid: number): Promise<{ rss: number; peak: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1]);
  return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 };
}

/**
 * `switchyard serve` (SQLite) with 10,000 automation files: time from spawning the process
 * to listening with every definition loaded, and its memory once listening. A bare Node http
 * server started the same way is the anchor (Node's own start-up time and memory).
 */
export async function runServeScaleBench(): Promise<BenchRow[]> {
  const definitions: Record<string, unknown> = {};
  for (let i = 0; i < AUTOMATIONS; i++) definitions[`scale_${i}.json`] = automation(i);
  const { dir, folder } = await writeDefinitionsFolder(definitions, { prefix: 'sy-scale-' });
  try {
    let start = performance.now();
    const echo = await startProcess(['-e', ECHO], {}, /listening on (http:\/\/\S+)/);
    const bareMs = performance.now() - start;
    const bareMemory = await memory(echo.proc.pid!);
    echo.proc.kill();
    start = performance.now();
    const bot = await startProcess(
      ['lib/bin/switchyard.js', 'serve'],
      {
        PORT: '0',
        SWITCHYARD_DEFINITIONS: folder,
        SWITCHYARD_SQLITE_PATH: join(dir, 'db.sqlite'),
        SWITCHYARD_EVENTS_SECRET: 'scale-secret',
        SWITCHYARD_WATCH: 'false',
        LOG_LEVEL: 'info',
        LOG_FORMAT: 'json',
      },
      /"definitions":(\d+)[^\n]*switchyard listening on/,
    );
    const ms = performance.now() - start;
    const loaded = Number(bot.match[1]);
    // Memory settles after the first collections that follow loading.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const botMemory = await memory(bot.proc.pid!);
    bot.proc.kill();
    if (loaded !== AUTOMATIONS) {
      throw new Error(`the server loaded ${loaded} of ${AUTOMATIONS} automations`);
    }
    return [
      {
        name: `start-up of switchyard serve with ${AUTOMATIONS.toLocaleString('en-US')} automations, spawn → listening`,
        value: ms / 1000,
        unit: 's',
        note: `${(ms / bareMs).toFixed(1)} × a bare Node http server (${(bareMs / 1000).toFixed(2)} s); target < 3 s`,
      },
      {
        name: `RSS of switchyard serve with ${AUTOMATIONS.toLocaleString('en-US')} automations, 1 s after listening`,
        value: botMemory.rss,
        unit: 'MiB',
        note: `${(botMemory.rss / bareMemory.rss).toFixed(1)} × a bare Node http server (${bareMemory.rss.toFixed(0)} MiB); target < 200 MB`,
      },
      {
        name: 'peak RSS of the same process while loading',
        value: botMemory.peak,
        unit: 'MiB',
        note: `bare Node http peak ${bareMemory.peak.toFixed(0)} MiB`,
      },
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
