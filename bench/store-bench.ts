import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { newId, newRunId } from '../core/runs/new-run-id.js';
import { createPostgresStore } from '../bot/store/postgres-store.js';
import type { NewRun } from '../bot/store/run-record.js';
import { createSqliteStore } from '../bot/store/sqlite-store.js';
import type { IncomingEvent, Store } from '../bot/store/store.js';

export interface StoreBenchRow {
  readonly name: string;
  readonly opsPerSecond: number;
  readonly ops: number;
}

export interface StoreBenchOptions {
  /** PostgreSQL to measure; skipped when absent. Default: `DATABASE_URL`. */
  readonly databaseUrl?: string;
  readonly sqliteEvents?: number;
  readonly postgresEvents?: number;
  /** `recordEvent` calls in flight at once (what concurrent HTTP requests produce). */
  readonly concurrency?: readonly number[];
}

/** Measures the store's hot paths: recording events with one run, and claiming + completing. */
export async function runStoreBench(options: StoreBenchOptions = {}): Promise<StoreBenchRow[]> {
  const rows: StoreBenchRow[] = [];
  const concurrency = options.concurrency ?? [64, 256];
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-bench-'));
  try {
    const sqliteEvents = options.sqliteEvents ?? 20_000;
    for (const synchronous of ['FULL', 'NORMAL'] as const) {
      const store = createSqliteStore({ path: join(dir, `${synchronous}.db`), synchronous });
      await store.migrate();
      const label = `sqlite WAL synchronous=${synchronous}`;
      rows.push(await recordEvents(`${label}: recordEvent, 1 run, one at a time`, store, 2000, 1));
      for (const inFlight of concurrency) {
        const name = `${label}: recordEvent, 1 run, ${inFlight} in flight`;
        rows.push(await recordEvents(name, store, sqliteEvents, inFlight));
      }
      rows.push(await claimAndComplete(`${label}: claim 50 + complete each`, store));
      await store.close();
    }
    const url = options.databaseUrl ?? process.env.DATABASE_URL;
    if (url) rows.push(...(await postgresRows(url, options.postgresEvents ?? 5000, concurrency)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

async function postgresRows(url: string, events: number, concurrency: readonly number[]) {
  const schema = `sy_bench_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  const store = createPostgresStore({ connectionString: url, schema, maxConnections: 16 });
  try {
    await store.migrate();
    const rows = [
      await recordEvents('postgres: recordEvent, 1 run, one at a time', store, 1000, 1),
    ];
    for (const inFlight of concurrency) {
      const name = `postgres: recordEvent, 1 run, ${inFlight} in flight`;
      rows.push(await recordEvents(name, store, events, inFlight));
    }
    rows.push(await claimAndComplete('postgres: claim 50 + complete each', store));
    return rows;
  } finally {
    await store.close();
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.end();
  }
}

async function recordEvents(
  name: string,
  store: Store,
  total: number,
  concurrency: number,
): Promise<StoreBenchRow> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        next++;
        await store.recordEvent(sampleEvent(), [sampleRun()]);
      }
    }),
  );
  return row(name, total, performance.now() - started);
}

/** Drains the outbox the way a dispatcher does: claim a batch, complete each run. */
async function claimAndComplete(name: string, store: Store): Promise<StoreBenchRow> {
  let done = 0;
  const started = performance.now();
  while (true) {
    const batch = await store.claimDeliveries({ owner: 'bench', limit: 50, leaseMs: 60_000 });
    if (batch.length === 0) break;
    await Promise.all(batch.map((claim) => store.completeDelivery(claim.run.id, 'bench')));
    done += batch.length;
  }
  return row(name, done, performance.now() - started);
}

function row(name: string, ops: number, ms: number): StoreBenchRow {
  return { name, ops, opsPerSecond: Math.round((ops / ms) * 1000) };
}

function sampleEvent(): IncomingEvent {
  const entity = { identifier: 'svc-a', title: 'Service A', blueprint: 'service' };
  return {
    id: newId('event_'),
    source: 'http',
    body: {
      action: 'UPDATE',
      resourceType: 'entity',
      trigger: { by: { orgId: 'org_1', userId: 'user_1' }, origin: 'UI', at: new Date() },
      context: { blueprintIdentifier: 'service', entityIdentifier: 'svc-a' },
      diff: {
        before: { ...entity, properties: { tier: 'gold', owner: 'team-a', ttl: null } },
        after: { ...entity, properties: { tier: 'silver', owner: 'team-a', ttl: null } },
      },
    },
  };
}

function sampleRun(): NewRun {
  const request = {
    type: 'WEBHOOK',
    url: 'https://hooks.example.com/notify',
    method: 'POST',
    headers: { Authorization: 'Bearer ***', 'Content-Type': 'application/json' },
    body: { entity: 'svc-a', tier: 'silver', message: 'Service A changed tier to silver' },
  };
  return {
    id: newRunId(),
    action: { identifier: 'notify_tier_change', title: 'Notify tier change' },
    source: 'AUTOMATION',
    blueprint: { identifier: 'service' },
    entity: { identifier: 'svc-a', title: 'Service A' },
    payload: request,
    delivery: { kind: 'rendered', request },
    backendType: 'WEBHOOK',
    origin: { repository: 'acme/automations', file: 'automations/notify.json', commit: 'abc123' },
    createdBy: 'user_1',
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const { name, opsPerSecond, ops } of await runStoreBench()) {
    console.log(`${String(opsPerSecond).padStart(8)} ops/s  ${name} (${ops} ops)`);
  }
}
