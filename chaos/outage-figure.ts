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
import { cpuMs, sleep, waitUntil } from './proc-stats.js';
import { RunReceiver } from './run-receiver.js';
import { startServe } from './serve-process.js';

/**
 * Figure 2: the receiver is down (connections refused) for `downSeconds`, then up: every
 * run is delivered within the retry budget, or FAILURE with every attempt logged; the
 * server's CPU stays low while it waits.
 */
export async function outageFigure(downSeconds: number, events: number): Promise<Figure> {
  const receiver = await new RunReceiver().up();
  const { dir, folder } = figureDir('outage', {
    'deliver.json': webhookOn('deliver', 'svc', `${receiver.url}/hook`),
  });
  const db = join(dir, 'switchyard.db');
  // Retry budget: 1 s doubling (with jitter) over 9 attempts ≈ 4 min, longer than the outage.
  const env = baseEnv(folder, {
    SWITCHYARD_SQLITE_PATH: db,
    SWITCHYARD_RETRY_BASE_MS: '1000',
    SWITCHYARD_DELIVERY_ATTEMPTS: '9',
    SWITCHYARD_WEBHOOK_TIMEOUT_MS: '2000',
    LOG_LEVEL: 'warn',
  });
  const server = await startServe(env, join(dir, 'serve.log'), await freePort());
  await receiver.down();
  const sender = new EventSender(EVENTS_SECRET);
  let accepted = 0;
  for (let i = 0; i < events; i++) {
    const answer = await sender.post(
      `${server.url}/v1/events`,
      createdEvent(`evt_outage_${Date.now()}_${i}`, 'svc'),
    );
    if (answer.status === 202) accepted++;
  }
  sender.close();
  await sleep(1000);
  const cpuBefore = cpuMs(server.pid);
  const wallBefore = Date.now();
  await sleep(downSeconds * 1000);
  const cpuPercent = ((cpuMs(server.pid) - cpuBefore) / (Date.now() - wallBefore)) * 100;
  const recoveredAt = Date.now();
  await receiver.up();
  const read = () => {
    const handle = new Database(db, { readonly: true });
    try {
      const runs = handle.prepare('SELECT id, status FROM runs').all() as {
        id: string;
        status: string;
      }[];
      const logs = handle
        .prepare('SELECT run_id, count(*) AS n FROM run_logs GROUP BY run_id')
        .all() as { run_id: string; n: number }[];
      const open = (handle.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n;
      return { runs, logs: new Map(logs.map((l) => [l.run_id, l.n])), open };
    } finally {
      handle.close();
    }
  };
  let state = read();
  await waitUntil(
    () => {
      state = read();
      return state.open === 0;
    },
    300_000,
    500,
  );
  const drainedMs = Date.now() - recoveredAt;
  await server.stop();
  await receiver.down();
  const delivered = state.runs.filter((r) => receiver.deliveries.has(r.id)).length;
  const failed = state.runs.filter((r) => r.status === 'FAILURE');
  const failedUnlogged = failed.filter((r) => (state.logs.get(r.id) ?? 0) < 2).length;
  const lost = state.runs.length - delivered - failed.length;
  return {
    figure: `2. backend outage (${downSeconds} s)`,
    ok: accepted === events && lost === 0 && failedUnlogged === 0 && cpuPercent < 5,
    rows: {
      'events accepted': accepted,
      runs: state.runs.length,
      'delivered after recovery': delivered,
      'FAILURE (retry budget spent)': failed.length,
      'FAILURE without its attempts logged': failedUnlogged,
      'neither delivered nor failed': lost,
      'server CPU while the receiver was down (%)': Math.round(cpuPercent * 100) / 100,
      'time to drain after recovery (s)': Math.round(drainedMs / 100) / 10,
    },
    artifacts: [dir],
  };
}
