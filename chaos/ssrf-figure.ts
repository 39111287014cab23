import { createServer } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startLoopbackDns } from '../test/helpers/loopback-dns-server.js';
import {
  baseEnv,
  EVENTS_SECRET,
  figureDir,
  freePort,
  webhookOn,
  type Figure,
} from './chaos-env.js';
import { createdEvent, EventSender } from './event-sender.js';
import { waitUntil } from './proc-stats.js';
import { RunReceiver } from './run-receiver.js';
import { startServe } from './serve-process.js';

/**
 * Figure 6: WEBHOOK urls (literal and templated) to metadata, link-local, unspecified,
 * loopback and private addresses, DNS names resolving to them (a DNS server on loopback)
 * and a redirect: all refused before a socket opens, while an allow-listed name works.
 */
export async function ssrfFigure(): Promise<Figure> {
  let sentinelConnections = 0;
  const sentinel = createServer((socket) => {
    sentinelConnections++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => sentinel.listen(0, '127.0.0.1', resolve));
  const s = (sentinel.address() as { port: number }).port;
  const receiver = await new RunReceiver().up();
  const dns = await startLoopbackDns({
    'receiver.test': ['127.0.0.1'],
    'loopback.evil.test': ['127.0.0.1'],
    'metadata.evil.test': ['169.254.169.254'],
    'mapped.evil.test': ['::ffff:169.254.169.254'],
    'private.evil.test': ['10.0.0.7'],
    'zero.evil.test': ['0.0.0.0'],
    'mixed.evil.test': ['93.184.216.34', '127.0.0.1'],
  });
  const targets = [
    `http://169.254.169.254/latest/meta-data/`,
    `http://[::ffff:169.254.169.254]/`,
    `http://[fd00:ec2::254]/`,
    `http://metadata.google.internal/computeMetadata/v1/`,
    `http://169.254.1.1/`,
    `http://0.0.0.0:${s}/`,
    `http://[::]:${s}/`,
    `http://127.0.0.1:${s}/`,
    `http://0x7f000001:${s}/`,
    `http://[::1]:${s}/`,
    `http://[::ffff:127.0.0.1]:${s}/`,
    `http://10.1.2.3/`,
    `http://172.16.0.1/`,
    `http://192.168.1.1/`,
    `http://100.64.0.1/`,
    `http://loopback.evil.test:${s}/`,
    `http://metadata.evil.test/`,
    `http://mapped.evil.test/`,
    `http://private.evil.test/`,
    `http://zero.evil.test:${s}/`,
    `http://mixed.evil.test:${s}/`,
  ];
  const allowed = `http://receiver.test:${receiver.port}/ok`;
  const redirect = `http://receiver.test:${receiver.port}/redirect`;
  const definitions: Record<string, unknown> = {
    'templated.json': webhookOn(
      'templated',
      'templated',
      '{{ .event.diff.after.properties.target }}',
    ),
    'allowed.json': webhookOn('allowed', 'ssrf', allowed),
    'redirect.json': webhookOn('redirect', 'ssrf', redirect),
  };
  targets.forEach(
    (url, i) => (definitions[`literal-${i}.json`] = webhookOn(`literal_${i}`, 'ssrf', url)),
  );
  const { dir, folder } = figureDir('ssrf', definitions);
  const db = join(dir, 'switchyard.db');
  // The redirect goes to the sentinel: following it would open a socket there.
  receiver.redirects.set('/redirect', `http://127.0.0.1:${s}/`);
  const server = await startServe(
    baseEnv(folder, {
      SWITCHYARD_SQLITE_PATH: db,
      // Only this name: every other loopback destination stays refused.
      SWITCHYARD_ALLOWED_DESTINATIONS: 'receiver.test',
      SWITCHYARD_DNS_SERVERS: dns.server,
      SWITCHYARD_WEBHOOK_TIMEOUT_MS: '1000',
      SWITCHYARD_DELIVERY_ATTEMPTS: '1',
      LOG_LEVEL: 'warn',
    }),
    join(dir, 'serve.log'),
    await freePort(),
  );
  const sender = new EventSender(EVENTS_SECRET);
  const url = `${server.url}/v1/events`;
  await sender.post(url, createdEvent('evt_ssrf_literal', 'ssrf'));
  for (const [i, target] of targets.entries()) {
    await sender.post(url, createdEvent(`evt_ssrf_t${i}`, 'templated', { target }));
  }
  sender.close();
  const expected = targets.length * 2 + 2;
  const read = () => {
    const handle = new Database(db, { readonly: true });
    try {
      return handle.prepare('SELECT action_identifier AS a, status, summary FROM runs').all() as {
        a: string;
        status: string;
        summary: string | null;
      }[];
    } finally {
      handle.close();
    }
  };
  let runs = read();
  await waitUntil(
    () => {
      runs = read();
      return runs.length >= expected && runs.every((r) => r.status !== 'IN_PROGRESS');
    },
    60_000,
    300,
  );
  await server.stop();
  await receiver.down();
  await dns.close();
  await new Promise((resolve) => sentinel.close(resolve));
  const hostile = runs.filter((r) => r.a.startsWith('literal_') || r.a === 'templated');
  const refused = hostile.filter(
    (r) => r.status === 'FAILURE' && /refused to connect/.test(r.summary ?? ''),
  ).length;
  const allowedRun = runs.find((r) => r.a === 'allowed');
  const redirectRun = runs.find((r) => r.a === 'redirect');
  return {
    figure: '6. SSRF',
    ok:
      refused === targets.length * 2 &&
      sentinelConnections === 0 &&
      allowedRun?.status === 'SUCCESS' &&
      redirectRun?.status === 'FAILURE',
    rows: {
      'hostile destinations (each literal and templated)': targets.length,
      'runs refused before connecting': `${refused}/${hostile.length}`,
      'connections reaching the loopback sentinel': sentinelConnections,
      'DNS queries answered by the loopback resolver': dns.queries.length,
      'allow-listed name (receiver.test)': allowedRun?.status ?? 'missing',
      'redirect (not followed)': `${redirectRun?.status ?? 'missing'}: ${redirectRun?.summary ?? ''}`,
      'example refusal': hostile[0]?.summary ?? '',
    },
    artifacts: [dir],
  };
}
