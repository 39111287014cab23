import { join } from 'node:path';
import {
  baseEnv,
  EVENTS_SECRET,
  figureDir,
  freePort,
  webhookOn,
  type Figure,
} from './chaos-env.js';
import { createdEvent, EventSender } from './event-sender.js';
import { openFds, percentile, rssMiB } from './proc-stats.js';
import { RunReceiver } from './run-receiver.js';
import { startServe } from './serve-process.js';

/**
 * Figure 8: a bounded soak: `rate` events/s for `minutes` (each event one webhook run);
 * per interval the p99 accept latency, RSS and open file descriptors of the server.
 */
export async function soakFigure(
  rate: number,
  minutes: number,
  intervalS: number,
): Promise<Figure> {
  const receiver = await new RunReceiver().up();
  const { dir, folder } = figureDir('soak', {
    'deliver.json': webhookOn('deliver', 'svc', `${receiver.url}/hook`),
  });
  const server = await startServe(
    baseEnv(folder, { SWITCHYARD_SQLITE_PATH: join(dir, 'switchyard.db'), LOG_LEVEL: 'warn' }),
    join(dir, 'serve.log'),
    await freePort(),
  );
  const sender = new EventSender(EVENTS_SECRET);
  const started = Date.now();
  const buckets: { ms: number[]; failed: number }[] = [];
  const samples: { rss: number; fds: number }[] = [
    { rss: rssMiB(server.pid), fds: openFds(server.pid) },
  ];
  const sampler = setInterval(
    () => samples.push({ rss: rssMiB(server.pid), fds: openFds(server.pid) }),
    intervalS * 1000,
  );
  await sender.openLoop(
    rate,
    minutes * 60,
    () => `${server.url}/v1/events`,
    (i) => createdEvent(`evt_soak_${started}_${i}`, 'svc'),
    (_i, outcome, sentAt) => {
      const k = Math.floor((sentAt - started) / (intervalS * 1000));
      const bucket = (buckets[k] ??= { ms: [], failed: 0 });
      if (outcome.status === 202) bucket.ms.push(outcome.ms);
      else bucket.failed++;
    },
  );
  clearInterval(sampler);
  samples.push({ rss: rssMiB(server.pid), fds: openFds(server.pid) });
  const sent = Math.round(rate * minutes * 60);
  const wall = (Date.now() - started) / 1000;
  sender.close();
  await server.stop();
  await receiver.down();
  const rows: Record<string, string | number> = {
    'target rate (/s)': rate,
    'duration (s)': minutes * 60,
    'events sent': sent,
    'achieved rate (/s)': Math.round(sent / wall),
    'not 202': buckets.reduce((n, b) => n + (b?.failed ?? 0), 0),
    'webhook deliveries': receiver.total(),
  };
  buckets.forEach((b, k) => {
    const s = samples[Math.min(k + 1, samples.length - 1)]!;
    rows[`${intervalS}-s interval ${k + 1}: p50 / p99 accept (ms), RSS (MiB), fds`] =
      `${percentile(b.ms, 50).toFixed(1)} / ${percentile(b.ms, 99).toFixed(1)}, ${s.rss}, ${s.fds}`;
  });
  const second = samples[Math.min(2, samples.length - 1)]!;
  const last = samples[samples.length - 1]!;
  // Flat: after warm-up (the second sample) RSS grows < 25 % and fds by < 20.
  const flat = last.rss <= second.rss * 1.25 + 10 && last.fds <= second.fds + 20;
  rows['RSS warm → end (MiB)'] = `${second.rss} → ${last.rss}`;
  rows['open fds warm → end'] = `${second.fds} → ${last.fds}`;
  return { figure: `8. load soak (${minutes} min at ${rate}/s)`, ok: flat, rows, artifacts: [dir] };
}
