import { createHmac } from 'node:crypto';
import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import {
  baseEnv,
  EVENTS_SECRET,
  figureDir,
  freePort,
  webhookOn,
  type Figure,
} from './chaos-env.js';
import { createdEvent } from './event-sender.js';
import { rssMiB, sleep } from './proc-stats.js';
import { RunReceiver } from './run-receiver.js';
import { startServe } from './serve-process.js';

const ROUTES: readonly [method: string, path: string][] = [
  ['GET', '/healthz'],
  ['GET', '/metrics'],
  ['POST', '/v1/events'],
  ['POST', '/v1/auth/access_token'],
  ['GET', '/v1/automations'],
  ['GET', '/v1/poison-messages'],
  ['GET', '/v1/actions/runs'],
  ['GET', '/v1/actions/runs/r_x'],
  ['PATCH', '/v1/actions/runs/r_x'],
  ['GET', '/v1/actions/runs/r_x/logs'],
  ['POST', '/v1/actions/runs/r_x/logs'],
  ['POST', '/v1/actions/deliver/runs'],
  ['POST', '/v1/gitlab/webhooks'],
  ['GET', '/nope'],
];

interface Attack {
  readonly name: string;
  readonly body?: string | Buffer;
  readonly headers?: Record<string, string>;
  readonly path?: (path: string) => string;
}

function sign(
  body: string,
  timestamp = String(Math.floor(Date.now() / 1000)),
): Record<string, string> {
  const mac = createHmac('sha256', EVENTS_SECRET).update(`${timestamp}.${body}`).digest('base64');
  return { 'x-port-timestamp': timestamp, 'x-port-signature': `v1,${mac}` };
}

const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
const deepObject = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;
const junk = (i: number) =>
  String.fromCharCode(...Array.from({ length: 64 }, (_, k) => ((k * 7919 + i * 31) % 0xfffd) + 1));
const replayed = createdEvent('evt_replayed', 'svc');
const replayedHeaders = sign(replayed, String(Math.floor(Date.now() / 1000) - 3600));

/** The generated hostile requests; `i` varies the payloads. */
function attacks(i: number): Attack[] {
  return [
    { name: 'invalid JSON', body: `{"a":${i},` },
    {
      name: 'wrong types',
      body: JSON.stringify({
        action: i,
        resourceType: [],
        diff: 'x',
        status: 7,
        logs: {},
        properties: 'p',
      }),
    },
    { name: 'deep nesting 100k', body: i % 2 ? deep(100_000) : deepObject(100_000) },
    {
      name: 'unicode junk',
      body: JSON.stringify({ id: junk(i), status: junk(i + 1), message: junk(i + 2) }),
    },
    { name: 'lone surrogates', body: `{"id":"\\ud800${i}","message":"\\udfff"}` },
    {
      name: '__proto__ keys',
      body: `{"__proto__":{"isAdmin":true,"status":"SUCCESS"},"constructor":{"prototype":{"x":${i}}},"status":"SUCCESS"}`,
    },
    {
      name: 'bad token',
      headers: { authorization: `Bearer ${junk(i).replace(/[^\x21-\x7e]/g, 'x')}` },
      body: '{}',
    },
    {
      name: 'bad signature',
      body: createdEvent(`evt_bad_${i}`, 'svc'),
      headers: {
        'x-port-timestamp': String(Math.floor(Date.now() / 1000)),
        'x-port-signature': `v1,${Buffer.from(junk(i)).toString('base64')}`,
      },
    },
    { name: 'replayed signature', body: replayed, headers: replayedHeaders },
    {
      name: 'bad PATCH body',
      body: JSON.stringify({
        status: ['SUCCESS'],
        statusLabel: { a: 1 },
        link: 5,
        summary: null,
        externalRunId: i,
      }),
    },
    { name: 'oversize body', body: Buffer.alloc(2 * 1024 * 1024 + i, 0x61) },
    { name: 'huge headers', headers: { 'x-junk': 'h'.repeat(20_000 + i) }, body: '{}' },
    {
      name: 'bad query',
      body: '{}',
      path: (p) => `${p}?limit=${junk(i).slice(0, 5)}&active=maybe&status=%zz&offset=-1`,
    },
    {
      name: 'wrong content type',
      body: `a=${i}&b=2`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    },
  ];
}

function send(
  agent: Agent,
  url: string,
  method: string,
  attack: Attack,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const body = attack.body ?? '';
    const req = request(
      url,
      {
        method,
        agent,
        timeout: 15_000,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          ...attack.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.length < 8 && chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8').slice(0, 2000),
          }),
        );
        res.on('error', () => resolve({ status: -1, body: '' }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve({ status: -1, body: '' }));
    req.end(body);
  });
}

/** Slowloris: connections that send their headers or body one byte at a time. */
async function slowloris(
  port: number,
  connections: number,
  seconds: number,
): Promise<{ closedByServer: number }> {
  let closedByServer = 0;
  await Promise.all(
    Array.from(
      { length: connections },
      (_, k) =>
        new Promise<void>((resolve) => {
          const socket = connect(port, '127.0.0.1');
          const text =
            k % 2
              ? 'POST /v1/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n'
              : 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ';
          let at = 0;
          let done = false;
          const timer = setInterval(() => {
            if (socket.destroyed) return;
            socket.write(at < text.length ? text[at++]! : 'a');
          }, 500);
          const end = setTimeout(() => finish(false), seconds * 1000);
          // Once per connection: destroying the socket ourselves fires 'close' too.
          function finish(byServer: boolean) {
            if (done) return;
            done = true;
            clearInterval(timer);
            clearTimeout(end);
            if (byServer) closedByServer++;
            socket.destroy();
            resolve();
          }
          socket.on('close', () => finish(true));
          socket.on('error', () => finish(true));
        }),
    ),
  );
  return { closedByServer };
}

/**
 * Figure 3: ≥ `perRoute` generated hostile requests to every route; 0 5xx, 0 crashes,
 * every refusal a 4xx with a reason, RSS back near its baseline after.
 */
export async function hostileHttpFigure(perRoute: number, slowSeconds: number): Promise<Figure> {
  const receiver = await new RunReceiver().up();
  const { dir, folder } = figureDir('hostile-http', {
    'deliver.json': webhookOn('deliver', 'svc', `${receiver.url}/hook`),
  });
  const env = baseEnv(folder, {
    SWITCHYARD_SQLITE_PATH: join(dir, 'switchyard.db'),
    SWITCHYARD_CLIENT_ID: 'chaos-client',
    SWITCHYARD_CLIENT_SECRET: 'chaos-client-secret-Lm3',
    SWITCHYARD_GITLAB_WEBHOOK_TOKEN: 'chaos-gitlab-token-Kd8',
    LOG_LEVEL: 'warn',
  });
  const server = await startServe(env, join(dir, 'serve.log'), await freePort());
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });
  // Warm up, then take the baseline.
  for (let i = 0; i < 200; i++) await send(agent, `${server.url}/healthz`, 'GET', { name: 'warm' });
  // Half the attacks carry a valid access token, so they reach the body parsers behind auth.
  const token = JSON.parse(
    (
      await send(agent, `${server.url}/v1/auth/access_token`, 'POST', {
        name: 'token',
        body: JSON.stringify({ clientId: 'chaos-client', clientSecret: 'chaos-client-secret-Lm3' }),
      })
    ).body,
  ) as { accessToken: string };
  await sleep(1000);
  const baseline = rssMiB(server.pid);
  let peak = baseline;
  const statuses = new Map<string, number>();
  let fiveHundreds = 0;
  let noAnswer = 0;
  let reasonless = 0;
  let total = 0;
  const examples: string[] = [];
  for (const [method, path] of ROUTES) {
    let sent = 0;
    for (let round = 0; sent < perRoute; round++) {
      const batch = attacks(round).map((attack, k) =>
        (round + k) % 2 === 0 && attack.name !== 'bad token'
          ? {
              ...attack,
              headers: { authorization: `Bearer ${token.accessToken}`, ...attack.headers },
            }
          : attack,
      );
      await Promise.all(
        batch.map(async (attack) => {
          const url = `${server.url}${attack.path ? attack.path(path) : path}`;
          const answer = await send(agent, url, method, attack);
          total++;
          const key = String(answer.status);
          statuses.set(key, (statuses.get(key) ?? 0) + 1);
          if (answer.status >= 500) {
            fiveHundreds++;
            if (examples.length < 5)
              examples.push(
                `${method} ${path} ${attack.name}: ${answer.status} ${answer.body.slice(0, 120)}`,
              );
          }
          if (answer.status === -1) noAnswer++;
          if (
            answer.status >= 400 &&
            answer.status < 500 &&
            !/"(message|error)"\s*:\s*"[^"]+/.test(answer.body) &&
            !(attack.name === 'huge headers' && answer.status === 431)
          ) {
            reasonless++;
            if (examples.length < 10)
              examples.push(
                `no reason: ${method} ${path} ${attack.name}: ${answer.status} ${answer.body.slice(0, 80)}`,
              );
          }
        }),
      );
      sent += batch.length;
      if (round % 20 === 0) peak = Math.max(peak, rssMiB(server.pid));
    }
  }
  const slow = await slowloris(Number(new URL(server.url).port), 20, slowSeconds);
  const healthy =
    (await send(agent, `${server.url}/healthz`, 'GET', { name: 'after' })).status === 200;
  agent.destroy();
  await sleep(3000);
  const after = rssMiB(server.pid);
  const alive = server.process.exitCode === null;
  await server.stop();
  await receiver.down();
  const perStatus = [...statuses.entries()]
    .sort()
    .map(([s, n]) => `${s}:${n}`)
    .join(' ');
  return {
    figure: '3. hostile HTTP input',
    ok:
      fiveHundreds === 0 &&
      alive &&
      healthy &&
      reasonless === 0 &&
      noAnswer === 0 &&
      after < baseline * 1.5 + 30,
    rows: {
      routes: ROUTES.length,
      'requests (all routes)': total,
      'kinds of attack': attacks(0).length + 1,
      'answers by status': perStatus,
      '5xx': fiveHundreds,
      'no answer (connection dropped)': noAnswer,
      '4xx without a reason': reasonless,
      'server alive and healthy after': alive && healthy,
      'slowloris connections closed by the server': `${slow.closedByServer}/20 within ${slowSeconds} s`,
      'RSS baseline / peak / after (MiB)': `${baseline} / ${peak} / ${after}`,
      ...(examples.length ? { examples: examples.join(' | ') } : {}),
    },
    artifacts: [dir],
  };
}
