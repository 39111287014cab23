import { spawn } from 'node:child_process';
import { generateKeyPairSync, createHmac, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { readConfig } from '../../../bot/config/read-config.js';
import type { Bot } from '../../../bot/create-bot.js';
import { SqlStore } from '../../../bot/store/sql-store.js';
import { startFakeAzureDevops } from '../../helpers/fake-azure-devops.js';
import { FakeGithub } from '../../../testkit/fake-github.js';
import { json, startLoopbackServer, type LoopbackServer } from '../../helpers/loopback-server.js';
import { entity, entityEvent } from '../../helpers/sample-events.js';
import { signedPost } from '../../helpers/signed-post.js';
import { EVENTS_SECRET, startTestBot } from '../../helpers/start-test-bot.js';
import { waitFor } from '../../helpers/wait-for.js';
import { writeDefinitionsFolder } from '../../../testkit/definitions-folder.js';
import { startFakeGitlab, READ_TOKEN } from '../gitlab/fake-gitlab.js';
import { DEPLOYER } from '../gitlab/gitlab-harness.js';
import { brokers, createTopic, readMessages, testKafka, unique } from '../kafka/kafka-test-kit.js';
import { findPostgresUrl } from '../store/postgres-harness.js';

/**
 * The README's configuration tables, row by row: each documented variable is set on a real
 * running server and its effect observed. A documented variable without an observation here
 * fails (a dead or untested setting), and so does a variable `readConfig` reads that no table
 * documents.
 */

interface Row {
  /** The first cell, as written. */
  readonly cell: string;
  /** The variable names it documents (templates such as `<group>_<project>` kept). */
  readonly names: readonly string[];
}

function readmeRows(): Row[] {
  const lines = readFileSync('README.md', 'utf8').split('\n');
  const rows: Row[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^\|\s*variable\s*\|/.test(lines[i]!)) continue;
    for (let j = i + 2; j < lines.length && lines[j]!.startsWith('|'); j++) {
      const cell = lines[j]!.split('|')[1]!.trim();
      const tokens = [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
      const first = tokens[0]!;
      const names = tokens.map((token) =>
        token.startsWith('_') ? first.replace(/_[A-Z]+$/, token) : token,
      );
      rows.push({ cell, names });
    }
  }
  return rows;
}

/** Does `name` fit a documented name (`<…>` parts match any text)? */
function documents(documented: string, name: string): boolean {
  const pattern = documented
    .split(/<[^>]+>/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.+');
  return new RegExp(`^${pattern}$`).test(name);
}

/** Every name `readConfig` looks up in `env` (a recording proxy). */
function namesRead(env: Record<string, string>): Set<string> {
  const read = new Set<string>();
  const proxy = new Proxy(env, {
    get(target, key) {
      if (typeof key === 'string') read.add(key);
      return target[key as string];
    },
  });
  readConfig(proxy as NodeJS.ProcessEnv);
  return read;
}

// ---------------------------------------------------------------------------------------------
// The running servers and fakes the observations use.

let bot: (Bot & { dir: string }) | undefined;
const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await bot?.stop();
  bot = undefined;
  for (const close of closers.splice(0).reverse()) await close();
  // Stopping a bot, a process or dropping a database can be slow on a loaded machine.
}, 60_000);

async function start(
  env: Record<string, string>,
  definitions: Record<string, unknown> = {},
  dir?: string,
) {
  bot = await startTestBot(definitions, env, dir === undefined ? {} : { dir });
  return bot;
}

async function receiver(answer: (n: number) => number = () => 200): Promise<LoopbackServer> {
  let n = 0;
  const server = await startLoopbackServer((_req, res) => json(res, answer(++n), { ok: true }));
  closers.push(() => server.close());
  return server;
}

function onCreate(identifier: string, invocationMethod: Record<string, unknown>, extra = {}) {
  return {
    [`${identifier}.json`]: {
      identifier,
      trigger: {
        type: 'automation',
        event: { type: 'ENTITY_CREATED', blueprintIdentifier: 'service' },
        ...extra,
      },
      invocationMethod,
      publish: true,
    },
  };
}

const webhook = (url: string, body: Record<string, unknown> = { run: '{{ .run.id }}' }) => ({
  type: 'WEBHOOK',
  url: `${url}/hook`,
  body,
});

/** `seed` on ENTITY_CREATED, and `next` on seed's RUN_CREATED, both webhooks to `url`. */
function seedThenNext(url: string) {
  return {
    ...onCreate('seed', webhook(url)),
    'next.json': {
      identifier: 'next',
      trigger: { type: 'automation', event: { type: 'RUN_CREATED', actionIdentifier: 'seed' } },
      invocationMethod: webhook(url),
      publish: true,
    },
  };
}

/** A database of its own on the test PostgreSQL, dropped after the test. */
async function freshDatabase(): Promise<{ url: URL; name: string }> {
  const base = await findPostgresUrl();
  const name = `sy_cfg_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  closers.push(async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  });
  const url = new URL(base);
  url.pathname = `/${name}`;
  return { url, name };
}

async function createService(b: Bot, id = 'svc-a'): Promise<string[]> {
  const answer = await signedPost(
    `${b.url}/v1/events`,
    entityEvent('CREATE', 'service', null, entity('service', id, { tier: 1 })),
    EVENTS_SECRET,
  );
  expect(answer.status).toBe(202);
  return answer.json.runs as string[];
}

async function ended(b: Bot, runId: string) {
  return waitFor(async () => {
    const run = await b.ctx.store.getRun(runId);
    return run?.endedAt ? run : undefined;
  }, 15_000);
}

async function logsOf(b: Bot, runId: string): Promise<string> {
  return (await b.ctx.store.listRunLogs(runId)).map((log) => log.message).join('\n');
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const appKeys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const APP_KEY = appKeys.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();

async function fakeGithub(): Promise<FakeGithub> {
  const github = await new FakeGithub().start();
  github.appPublicKey = appKeys.publicKey;
  closers.push(() => github.stop());
  return github;
}

function appEnv(github: FakeGithub, env: Record<string, string> = {}): Record<string, string> {
  return {
    APP_ID: '4242',
    PRIVATE_KEY: APP_KEY,
    WEBHOOK_SECRET: 'app-secret',
    GHE_HOST: github.host,
    GHE_PROTOCOL: 'http',
    SWITCHYARD_GITHUB_THROTTLE: 'false',
    SWITCHYARD_RECONCILE_INTERVAL_MS: '0',
    SWITCHYARD_DEFINITIONS_REFRESH_MS: '0',
    ...env,
  };
}

/**
 * `switchyard serve` as a process; resolves with everything it printed until it said it
 * listens (or, given `health`, until that URL answers).
 */
function serveOutput(env: Record<string, string>, health?: string): Promise<string> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'bin/switchyard.ts', 'serve'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  closers.push(async () => {
    proc.kill('SIGKILL');
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/switchyard listening on/.test(output)) resolve(output);
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', onData);
    if (health !== undefined) {
      waitFor(
        () =>
          fetch(health).then(
            (r) => r.ok,
            () => false,
          ),
        20_000,
        health,
      ).then(() => resolve(output), reject);
    }
    proc.on('exit', (code) => reject(new Error(`serve exited with ${code}:\n${output}`)));
  });
}

// ---------------------------------------------------------------------------------------------
// One observation per README row, keyed by its first cell.

const OBSERVE: Record<string, () => Promise<unknown>> = {
  '`PORT`': async () => {
    const port = await freePort();
    const b = await start({ PORT: String(port) });
    expect(b.url).toBe(`http://127.0.0.1:${port}`);
  },
  '`HOST`': async () => {
    const b = await start({ HOST: '::1' });
    expect(b.url).toMatch(/^http:\/\/\[::1\]:\d+$/);
    expect((await fetch(`${b.url}/healthz`)).status).toBe(200);
  },
  '`SWITCHYARD_DEFINITIONS`': async () => {
    // startTestBot points SWITCHYARD_DEFINITIONS at the folder it wrote.
    const b = await start({}, onCreate('listed', webhook('http://127.0.0.1:9')));
    const answer = (await (await fetch(`${b.url}/v1/automations`)).json()) as {
      automations: { identifier: string }[];
    };
    expect(answer.automations.map((a) => a.identifier)).toEqual(['listed']);
  },
  '`SWITCHYARD_EVENTS_FOLDER`': async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sy-samples-'));
    await mkdir(join(dir, 'automations', 'samples'), { recursive: true });
    await writeFile(join(dir, 'automations', 'samples', 'event.json'), '{"hello": "an event"}');
    const b = await start(
      { SWITCHYARD_EVENTS_FOLDER: 'samples' },
      onCreate('real', webhook('http://127.0.0.1:9')),
      dir,
    );
    const answer = (await (await fetch(`${b.url}/v1/automations`)).json()) as {
      automations: { identifier: string }[];
      loads: { errors: unknown[] }[];
    };
    expect(answer.automations.map((a) => a.identifier)).toEqual(['real']);
    expect(answer.loads.flatMap((load) => load.errors)).toEqual([]);
  },
  '`SWITCHYARD_WATCH`': async () => {
    const b = await start({ SWITCHYARD_WATCH: 'true' });
    await writeFile(
      join(b.dir, 'automations', 'added.json'),
      JSON.stringify(onCreate('added', webhook('http://127.0.0.1:9'))['added.json']),
    );
    await waitFor(() => b.ctx.registry.all().some((a) => a.definition.identifier === 'added'));
  },
  '`DATABASE_URL`': async () => {
    const { url } = await freshDatabase();
    const b = await start({ DATABASE_URL: url.toString() });
    const health = (await (await fetch(`${b.url}/healthz`)).json()) as { store: string };
    expect(health.store).toBe('postgres');
    const [runId] = await createService(b);
    expect(runId).toBeUndefined(); // no definitions: the event is stored, nothing runs
    const check = new pg.Client({ connectionString: url.toString() });
    await check.connect();
    const events = await check.query('SELECT count(*)::int AS n FROM events');
    await check.end();
    expect(events.rows[0].n).toBe(1);
  },
  '`SWITCHYARD_POSTGRES_POOL_SIZE`': async () => {
    const { url, name } = await freshDatabase();
    const b = await start({ DATABASE_URL: url.toString(), SWITCHYARD_POSTGRES_POOL_SIZE: '2' });
    // Forty reads at once would open ten connections with the default pool.
    await Promise.all(Array.from({ length: 40 }, () => b.ctx.store.listRuns({})));
    const check = new pg.Client({ connectionString: url.toString() });
    await check.connect();
    const open = await check.query(
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND application_name = 'switchyard'",
      [name],
    );
    await check.end();
    expect(open.rows[0].n).toBe(2);
  },
  '`SWITCHYARD_SQLITE_PATH`': async () => {
    const b = await start({});
    // startTestBot sets it to <dir>/switchyard.db: the file is the running store.
    expect(existsSync(join(b.dir, 'switchyard.db'))).toBe(true);
    await createService(b);
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(join(b.dir, 'switchyard.db'), { readonly: true });
    const row = db.prepare('SELECT count(*) AS n FROM events').get() as { n: number };
    db.close();
    expect(row.n).toBe(1);
  },
  '`SWITCHYARD_SQLITE_SYNCHRONOUS`': async () => {
    // `synchronous` is per connection and changes durability under power loss only: the
    // setting the running server was built with is observed.
    const b = await start({ SWITCHYARD_SQLITE_SYNCHRONOUS: 'NORMAL' });
    expect(b.ctx.config.sqliteSynchronous).toBe('NORMAL');
  },
  '`SWITCHYARD_SQLITE_THREAD`': async () => {
    // The store answers from its writer thread, and the running definitions' run listeners
    // reach it (they load after the store opens): seed's RUN_CREATED starts next.
    const hooks = await receiver();
    const b = await start({ SWITCHYARD_SQLITE_THREAD: 'worker' }, seedThenNext(hooks.url));
    expect(b.ctx.store).not.toBeInstanceOf(SqlStore);
    const [seed] = await createService(b);
    await waitFor(async () => (await b.ctx.store.listRuns({ action: 'next' })).length === 1);
    expect((await b.ctx.store.getRun(seed!))?.action.identifier).toBe('seed');
  },
  '`SWITCHYARD_EVENTS_SECRET`': async () => {
    const b = await start({});
    const unsigned = await fetch(`${b.url}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(entityEvent('CREATE', 'service', null, entity('service', 'x', {}))),
    });
    expect(unsigned.status).toBe(401);
  },
  '`SWITCHYARD_WEBHOOK_SECRET`': async () => {
    const hooks = await receiver();
    const b = await start(
      { SWITCHYARD_WEBHOOK_SECRET: 'sign-with-this' },
      onCreate('signed', webhook(hooks.url)),
    );
    await createService(b);
    const request = await waitFor(() => hooks.requests[0]);
    const timestamp = request.headers['x-port-timestamp'] as string;
    const expected = createHmac('sha256', 'sign-with-this')
      .update(`${timestamp}.${request.body}`)
      .digest('base64');
    expect(request.headers['x-port-signature']).toBe(`v1,${expected}`);
  },
  '`SWITCHYARD_CLIENT_ID`, `SWITCHYARD_CLIENT_SECRET`': async () => {
    const b = await start({ SWITCHYARD_CLIENT_ID: 'cid', SWITCHYARD_CLIENT_SECRET: 'csecret' });
    expect((await fetch(`${b.url}/v1/actions/runs`)).status).toBe(401);
    const token = await fetch(`${b.url}/v1/auth/access_token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ clientId: 'cid', clientSecret: 'csecret' }),
    });
    const { accessToken } = (await token.json()) as { accessToken: string };
    const runs = await fetch(`${b.url}/v1/actions/runs`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(runs.status).toBe(200);
  },
  '`SWITCHYARD_SECRET_<NAME>`': async () => {
    const hooks = await receiver();
    const b = await start(
      { SWITCHYARD_SECRET_SLACK_TOKEN: 'xoxb-from-env' },
      onCreate('secret', webhook(hooks.url, { token: '{{ .secrets.SLACK_TOKEN }}' })),
    );
    await createService(b);
    const request = await waitFor(() => hooks.requests[0]);
    expect(JSON.parse(request.body)).toEqual({ token: 'xoxb-from-env' });
  },
  '`SWITCHYARD_WEBHOOK_TIMEOUT_MS`': async () => {
    const silent = await startLoopbackServer(() => undefined); // never answers
    closers.push(() => silent.close());
    const b = await start(
      { SWITCHYARD_WEBHOOK_TIMEOUT_MS: '100', SWITCHYARD_DELIVERY_ATTEMPTS: '1' },
      onCreate('slow', webhook(silent.url)),
    );
    const [runId] = await createService(b);
    const run = await ended(b, runId!);
    expect(run.status).toBe('FAILURE');
    expect(await logsOf(b, runId!)).toMatch(/100 ms/);
  },
  '`SWITCHYARD_DELIVERY_ATTEMPTS`': async () => {
    const hooks = await receiver(() => 500);
    const b = await start(
      { SWITCHYARD_DELIVERY_ATTEMPTS: '2' },
      onCreate('flaky', webhook(hooks.url)),
    );
    const [runId] = await createService(b);
    expect((await ended(b, runId!)).status).toBe('FAILURE');
    expect(hooks.requests).toHaveLength(2);
    expect(await logsOf(b, runId!)).toContain('Delivery failed after 2 attempt(s)');
  },
  '`SWITCHYARD_RETRY_BASE_MS`': async () => {
    // The first retry waits between half and all of the base: 60 s → "retrying in 30.0–60.0 s".
    const hooks = await receiver(() => 500);
    const b = await start({ SWITCHYARD_RETRY_BASE_MS: '60000' }, onCreate('r', webhook(hooks.url)));
    const [runId] = await createService(b);
    const logs = await waitFor(async () => {
      const text = await logsOf(b, runId!);
      return /retrying in/.test(text) ? text : undefined;
    });
    const seconds = Number(/retrying in ([\d.]+) s/.exec(logs)![1]);
    expect(seconds).toBeGreaterThanOrEqual(30);
    expect(seconds).toBeLessThanOrEqual(60);
  },
  '`SWITCHYARD_DELIVERY_CONCURRENCY`': async () => {
    // Each delivery is held until the next one arrives or 300 ms pass: with one delivery in
    // flight at a time, two are never held together.
    let inFlight = 0;
    let most = 0;
    const hooks = await startLoopbackServer((_req, res) => {
      inFlight++;
      most = Math.max(most, inFlight);
      setTimeout(() => {
        inFlight--;
        json(res, 200, {});
      }, 300);
    });
    closers.push(() => hooks.close());
    const b = await start(
      { SWITCHYARD_DELIVERY_CONCURRENCY: '1' },
      onCreate('one', webhook(hooks.url)),
    );
    const runs = [...(await createService(b, 's1')), ...(await createService(b, 's2'))];
    expect(runs).toHaveLength(2);
    await waitFor(() => hooks.requests.length === 2, 10_000, 'both deliveries');
    expect(most).toBe(1);
  },
  '`SWITCHYARD_ALLOW_METADATA_ADDRESSES`': async () => {
    // Reaching a metadata address would leave loopback (never done in tests): the setting the
    // running server's sender was built with is observed.
    const b = await start(
      { SWITCHYARD_ALLOW_METADATA_ADDRESSES: 'true', SWITCHYARD_DELIVERY_ATTEMPTS: '1' },
      onCreate('meta', webhook('http://169.254.169.254')),
    );
    expect(b.ctx.config.allowMetadataAddresses).toBe(true);
  },
  '`SWITCHYARD_CHAIN_DEPTH_LIMIT`': async () => {
    const hooks = await receiver();
    const b = await start({ SWITCHYARD_CHAIN_DEPTH_LIMIT: '0' }, seedThenNext(hooks.url));
    const [seed] = await createService(b);
    await waitFor(async () => /chain depth limit \(0\)/.test(await logsOf(b, seed!)));
    expect(await b.ctx.store.listRuns({ action: 'next' })).toEqual([]);
  },
  '`SWITCHYARD_PORT_API_URL`, `SWITCHYARD_PORT_CLIENT_ID`, `SWITCHYARD_PORT_CLIENT_SECRET`':
    async () => {
      const port = await startLoopbackServer((req, res) =>
        req.url === '/v1/auth/access_token'
          ? json(res, 200, { ok: true, accessToken: 'tok', expiresIn: 3600 })
          : json(res, 201, { ok: true, entity: JSON.parse(req.body) as unknown }),
      );
      closers.push(() => port.close());
      const b = await start(
        {
          SWITCHYARD_PORT_API_URL: port.url,
          SWITCHYARD_PORT_CLIENT_ID: 'port-id',
          SWITCHYARD_PORT_CLIENT_SECRET: 'port-secret',
        },
        onCreate('to_port', {
          type: 'UPSERT_ENTITY',
          blueprintIdentifier: 'copy',
          mapping: { identifier: '{{ .event.diff.after.identifier }}' },
        }),
      );
      const [runId] = await createService(b);
      const sent = await waitFor(() =>
        port.requests.find((r) => r.url.startsWith('/v1/blueprints/')),
      );
      expect(sent.url).toBe(`/v1/blueprints/copy/entities?upsert=true&run_id=${runId}`);
      expect(sent.headers.authorization).toBe('Bearer tok');
      expect(JSON.parse(port.requests[0]!.body)).toEqual({
        clientId: 'port-id',
        clientSecret: 'port-secret',
      });
    },
  '`SWITCHYARD_TIMERS`': async () => {
    const b = await start({ SWITCHYARD_TIMERS: 'off' });
    const answer = await fetch(`${b.url}/v1/timers`);
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as { mode: string; timers: unknown[] };
    expect(body.mode).toBe('off');
    expect(body.timers).toEqual([]);
  },
  // The scheduler's tuning rows: their effect needs many timers, other replicas or long
  // waits (tested in test/bot/timers); the setting the running server was built with is observed.
  '`SWITCHYARD_TIMER_BATCH_SIZE`': async () => {
    const b = await start({ SWITCHYARD_TIMER_BATCH_SIZE: '7' });
    expect(b.ctx.config.timers.batchSize).toBe(7);
  },
  '`SWITCHYARD_TIMER_LEASE_MS`': async () => {
    const b = await start({ SWITCHYARD_TIMER_LEASE_MS: '4321' });
    expect(b.ctx.config.timers.leaseMs).toBe(4321);
  },
  '`SWITCHYARD_TIMER_RECHECK_MS`': async () => {
    const b = await start({ SWITCHYARD_TIMER_RECHECK_MS: '1234' });
    expect(b.ctx.config.timers.recheckMs).toBe(1234);
  },
  '`SWITCHYARD_ALLOWED_DESTINATIONS`': async () => {
    // Without loopback in the list, a webhook to the loopback receiver is refused before a
    // socket opens.
    const hooks = await receiver();
    const b = await start(
      { SWITCHYARD_ALLOWED_DESTINATIONS: '10.0.0.0/8', SWITCHYARD_DELIVERY_ATTEMPTS: '1' },
      onCreate('guarded', webhook(hooks.url)),
    );
    const [runId] = await createService(b);
    await ended(b, runId!);
    expect(hooks.requests).toHaveLength(0);
  },
  '`SWITCHYARD_DNS_SERVERS`': async () => {
    // Resolving through a DNS server of the test's own is covered in
    // test/core/backends/send/destination-guard.test.ts; here the running server's setting.
    const b = await start({ SWITCHYARD_DNS_SERVERS: '127.0.0.1:5353' });
    expect(JSON.stringify(b.ctx.config.dnsServers)).toContain('127.0.0.1');
  },
  '`SWITCHYARD_JQ_TIMEOUT_MS`': async () => {
    const b = await start(
      { SWITCHYARD_JQ_TIMEOUT_MS: '10' },
      onCreate(
        'endless',
        webhook('http://127.0.0.1:9', { n: '{{ [limit(100000000; repeat(1))] | length }}' }),
      ),
    );
    const [runId] = await createService(b);
    await ended(b, runId!);
    expect(await logsOf(b, runId!)).toContain('jq evaluation exceeded 10 ms');
  },
  '`SWITCHYARD_GITHUB_TOKEN`': async () => githubTokenRow(),
  '`GITHUB_API_URL`': async () => githubTokenRow(),
  '`GITLAB_URL`': async () => gitlabRow({ platform_infra_deployer: 'glptt-deployer' }),
  '`SWITCHYARD_AZURE_DEVOPS_URL`': async () => {
    const azure = await startFakeAzureDevops([{ org: 'acme', webhook: 'port_trigger' }]);
    closers.push(() => azure.close());
    const b = await start(
      { SWITCHYARD_AZURE_DEVOPS_URL: `${azure.url}/` },
      onCreate('to_azure', {
        type: 'AZURE_DEVOPS',
        org: 'acme',
        webhook: 'port_trigger',
        payload: { runId: '{{ .run.id }}' },
      }),
    );
    const [runId] = await createService(b);
    const queued = await waitFor(() => azure.queued[0], 10_000, 'the queued pipeline run');
    expect(queued.payload).toEqual({ runId });
  },
  '`<group>_<project>`': async () => gitlabRow({ platform_infra_deployer: 'glptt-deployer' }),
  '`SWITCHYARD_GITLAB_TOKEN_<group>_<project>`': async () =>
    gitlabRow({
      SWITCHYARD_GITLAB_TOKEN_platform_infra_deployer: 'glptt-deployer',
      platform_infra_deployer: 'glptt-wrong',
    }),
  '`GITLAB_READ_TOKEN`': async () => {
    const { b, runId } = await gitlabRow(
      { platform_infra_deployer: 'glptt-deployer', GITLAB_READ_TOKEN: READ_TOKEN },
      false,
    );
    expect(await logsOf(b, runId)).toContain('on ref develop (no ref given');
  },
  '`SWITCHYARD_GITLAB_WEBHOOK_TOKEN`': async () => {
    const b = await start({ SWITCHYARD_GITLAB_WEBHOOK_TOKEN: 'hook-token' });
    const answer = await fetch(`${b.url}/v1/gitlab/webhooks`, {
      method: 'POST',
      headers: { 'x-gitlab-token': 'hook-token', 'x-gitlab-event': 'Push Hook' },
    });
    expect(answer.status).toBe(200);
  },
  '`SWITCHYARD_ORG`, `SWITCHYARD_KAFKA_RUNS_TOPIC`': async () => {
    const org = unique('org');
    const kafka = testKafka();
    await createTopic(kafka, `${org}.runs`, 1);
    const b = await start(
      { SWITCHYARD_ORG: org, SWITCHYARD_KAFKA_BROKERS: brokers() },
      onCreate('to_kafka', { type: 'KAFKA', payload: { run: '{{ .run.id }}' } }),
    );
    const [runId] = await createService(b);
    const [message] = await readMessages(kafka, `${org}.runs`, 1);
    expect(JSON.parse(message!.message.value!.toString())).toMatchObject({ run: runId });
  },
  '`SWITCHYARD_KAFKA_BROKERS`': async () => {
    const topic = unique('runs');
    const kafka = testKafka();
    await createTopic(kafka, topic, 1);
    const b = await start(
      { SWITCHYARD_KAFKA_RUNS_TOPIC: topic, SWITCHYARD_KAFKA_BROKERS: brokers() },
      onCreate('to_kafka', { type: 'KAFKA', payload: { run: '{{ .run.id }}' } }),
    );
    const [runId] = await createService(b);
    const [message] = await readMessages(kafka, topic, 1);
    expect(JSON.parse(message!.message.value!.toString())).toMatchObject({ run: runId });
  },
  '`SWITCHYARD_KAFKA_CLIENT_ID`': async () => {
    // The test broker cannot describe groups (their members' client ids): the options the
    // running server's Kafka client was built with are observed.
    const b = await kafkaSourceRow({ SWITCHYARD_KAFKA_CLIENT_ID: 'sy-client-under-test' });
    expect(b.ctx.config.kafka?.clientId).toBe('sy-client-under-test');
  },
  '`SWITCHYARD_KAFKA_SASL_MECHANISM`, `_USERNAME`, `_PASSWORD`': async () => {
    // The test broker has no SASL listener: the options handed to the Kafka client are observed.
    const b = await start({
      SWITCHYARD_KAFKA_BROKERS: brokers(),
      SWITCHYARD_KAFKA_SASL_MECHANISM: 'scram-sha-512',
      SWITCHYARD_KAFKA_SASL_USERNAME: 'user',
      SWITCHYARD_KAFKA_SASL_PASSWORD: 'pass',
    });
    expect(b.ctx.config.kafka?.sasl).toMatchObject({ mechanism: 'scram-sha-512' });
  },
  '`SWITCHYARD_KAFKA_SSL`, `SWITCHYARD_KAFKA_SSL_CA_FILE`': async () => {
    // The test broker has no TLS listener: the options handed to the Kafka client are observed.
    const dir = await mkdtemp(join(tmpdir(), 'sy-ca-'));
    closers.push(() => rm(dir, { recursive: true, force: true }));
    const file = join(dir, 'ca.pem');
    await writeFile(file, '-----BEGIN CERTIFICATE-----\nMA==\n-----END CERTIFICATE-----\n');
    const b = await start({
      SWITCHYARD_KAFKA_BROKERS: brokers(),
      SWITCHYARD_KAFKA_SSL: 'true',
      SWITCHYARD_KAFKA_SSL_CA_FILE: file,
    });
    expect(b.ctx.config.kafka?.ssl?.ca).toContain('BEGIN CERTIFICATE');
  },
  '`SWITCHYARD_KAFKA_EVENTS_TOPIC`': async () => kafkaSourceRow(),
  '`SWITCHYARD_KAFKA_GROUP_ID`': async () => kafkaSourceRow(),
  '`SWITCHYARD_KAFKA_SESSION_TIMEOUT_MS`': async () => {
    const b = await kafkaSourceRow({ SWITCHYARD_KAFKA_SESSION_TIMEOUT_MS: '7000' });
    expect(b.ctx.config.kafka?.sessionTimeoutMs).toBe(7000);
  },
  '`APP_ID`, `PRIVATE_KEY` (or `PRIVATE_KEY_PATH`), `WEBHOOK_SECRET`': async () => {
    const github = await fakeGithub();
    const keyDir = await mkdtemp(join(tmpdir(), 'sy-key-'));
    closers.push(() => rm(keyDir, { recursive: true, force: true }));
    const keyPath = join(keyDir, 'app.pem');
    await writeFile(keyPath, APP_KEY);
    const env = appEnv(github, { PRIVATE_KEY_PATH: keyPath });
    delete env.PRIVATE_KEY;
    const b = await start(env);
    const body = JSON.stringify({ zen: 'Keep it logically awesome.', hook_id: 1 });
    const signature = createHmac('sha256', 'app-secret').update(body).digest('hex');
    const answer = await fetch(`${b.url}/api/github/webhooks`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-github-event': 'ping',
        'x-github-delivery': 'd-1',
        'x-hub-signature-256': `sha256=${signature}`,
      },
      body,
    });
    expect(answer.status).toBe(200);
  },
  '`LOG_LEVEL`, `LOG_FORMAT`': async () => {
    const { dir, folder } = await writeDefinitionsFolder({}, { prefix: 'sy-log-' });
    closers.push(() => rm(dir, { recursive: true, force: true }));
    const env = {
      SWITCHYARD_DEFINITIONS: folder,
      SWITCHYARD_SQLITE_PATH: join(dir, 'switchyard.db'),
      SWITCHYARD_WATCH: 'false',
    };
    // json: every line is a JSON object; info shows the start's warnings and "listening".
    const json = await serveOutput({ ...env, PORT: '0', LOG_FORMAT: 'json', LOG_LEVEL: 'info' });
    const lines = json.split('\n').filter((line) => line.trim() !== '');
    expect(lines.map((line) => (JSON.parse(line) as { level: number }).level)).toContain(40);
    // error: the same start prints nothing (the server answers all the same).
    const port = await freePort();
    const quiet = await serveOutput(
      { ...env, PORT: String(port), LOG_FORMAT: 'json', LOG_LEVEL: 'error' },
      `http://127.0.0.1:${port}/healthz`,
    );
    expect(quiet).toBe('');
  },
  '`GHE_HOST`, `GHE_PROTOCOL`': async () => {
    const github = await fakeGithub();
    // Reconcile lists the installations: the requests reach GHE_HOST over GHE_PROTOCOL.
    await start(appEnv(github, { SWITCHYARD_RECONCILE_INTERVAL_MS: '100' }));
    await waitFor(() => github.requests.some((r) => r.path === '/app/installations'));
  },
  '`SWITCHYARD_RECONCILE_INTERVAL_MS`': async () => {
    const github = await fakeGithub();
    await start(appEnv(github, { SWITCHYARD_RECONCILE_INTERVAL_MS: '100' }));
    const listings = () => github.requests.filter((r) => r.path === '/app/installations').length;
    const first = await waitFor(() => listings() || undefined);
    await waitFor(() => listings() > first);
  },
  '`SWITCHYARD_DEFINITIONS_REFRESH_MS`': async () => {
    const github = await fakeGithub();
    const b = await start(appEnv(github, { SWITCHYARD_DEFINITIONS_REFRESH_MS: '100' }));
    expect(b.ctx.config.definitionsRefreshMs).toBe(100);
  },
  '`SWITCHYARD_GITHUB_CORRELATION_TIMEOUT_MS`': async () => {
    const github = await fakeGithub();
    const b = await start(appEnv(github, { SWITCHYARD_GITHUB_CORRELATION_TIMEOUT_MS: '1234' }));
    expect(b.ctx.config.githubCorrelationTimeoutMs).toBe(1234);
  },
  '`SWITCHYARD_GITHUB_THROTTLE`': async () => {
    const github = await fakeGithub();
    const b = await start(appEnv(github, { SWITCHYARD_GITHUB_THROTTLE: 'true' }));
    expect(b.ctx.config.githubThrottle).toBe(true);
  },
};

async function githubTokenRow(): Promise<void> {
  const github = await fakeGithub();
  const b = await start(
    { SWITCHYARD_GITHUB_TOKEN: 'ghp_from_the_environment', GITHUB_API_URL: github.url },
    onCreate('deploy', {
      type: 'GITHUB',
      org: 'acme',
      repo: 'deploys',
      workflow: 'deploy.yml',
      workflowInputs: { service: '{{ .event.diff.after.identifier }}' },
    }),
  );
  github.addRepository('acme/deploys');
  await createService(b);
  await waitFor(() => github.dispatches[0]);
  const dispatch = github.requests.find((r) => r.path.endsWith('/dispatches'))!;
  expect(dispatch.headers.authorization).toBe('token ghp_from_the_environment');
}

async function gitlabRow(
  env: Record<string, string>,
  withRef = true,
): Promise<{ b: Bot; runId: string }> {
  const gitlab = await startFakeGitlab([DEPLOYER]);
  closers.push(() => gitlab.close());
  const b = await start(
    { GITLAB_URL: gitlab.url, ...env },
    onCreate('pipeline', {
      type: 'GITLAB',
      projectName: 'deployer',
      groupName: 'platform/infra',
      ...(withRef ? { defaultRef: 'main' } : {}),
    }),
  );
  const [runId] = await createService(b);
  await waitFor(() => gitlab.pipelines[0], 10_000, 'the triggered pipeline');
  return { b, runId: runId! };
}

async function kafkaSourceRow(env: Record<string, string> = {}): Promise<Bot> {
  const topic = unique('events');
  const group = unique('group');
  const kafka = testKafka();
  await createTopic(kafka, topic, 1);
  const b = await start(
    {
      SWITCHYARD_KAFKA_BROKERS: brokers(),
      SWITCHYARD_KAFKA_EVENTS_TOPIC: topic,
      SWITCHYARD_KAFKA_GROUP_ID: group,
      SWITCHYARD_KAFKA_SESSION_TIMEOUT_MS: '6000',
      ...env,
    },
    onCreate('from_kafka', webhook('http://127.0.0.1:9')),
  );
  const producer = kafka.producer();
  await producer.connect();
  const event = entityEvent('CREATE', 'service', null, entity('service', 's', {}));
  await producer.send({ topic, messages: [{ value: JSON.stringify({ ...event, id: 'evt_k1' }) }] });
  await producer.disconnect();
  await waitFor(async () => (await b.ctx.store.getEvent('evt_k1')) ?? undefined, 20_000);
  // The consumed offset is committed under the configured group.
  const admin = kafka.admin();
  await admin.connect();
  try {
    await waitFor(
      async () => {
        const [offsets] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
        return offsets?.partitions[0]?.offset === '1';
      },
      20_000,
      'the committed offset',
    );
  } finally {
    await admin.disconnect();
  }
  return b;
}

// ---------------------------------------------------------------------------------------------

const rows = readmeRows();

describe("the README's configuration tables", () => {
  it('document every variable readConfig reads', async () => {
    const github = {
      APP_ID: '1',
      PRIVATE_KEY: APP_KEY,
      WEBHOOK_SECRET: 's',
      SWITCHYARD_KAFKA_BROKERS: 'b:1',
      SWITCHYARD_KAFKA_SASL_MECHANISM: 'plain',
      SWITCHYARD_KAFKA_SASL_USERNAME: 'u',
      SWITCHYARD_KAFKA_SASL_PASSWORD: 'p',
    };
    const read = new Set([...namesRead({}), ...namesRead(github)]);
    // NODE_ENV is Node's own, documented in the LOG_FORMAT row (`json when NODE_ENV=production`).
    read.delete('NODE_ENV');
    const undocumented = [...read].filter(
      (name) => !rows.some((row) => row.names.some((documented) => documents(documented, name))),
    );
    expect(undocumented).toEqual([]);
  });

  it('has an observation for every row, and none for a row that is gone', () => {
    expect(rows.length).toBeGreaterThan(30);
    expect(rows.map((row) => row.cell).filter((cell) => !(cell in OBSERVE))).toEqual([]);
    expect(Object.keys(OBSERVE).filter((cell) => !rows.some((row) => row.cell === cell))).toEqual(
      [],
    );
  });

  it.each(rows.map((row) => [row.cell] as const))(
    '%s takes effect on a running server',
    async (cell) => {
      const observe = OBSERVE[cell];
      expect(observe, `no observation for ${cell}`).toBeDefined();
      await observe!();
    },
  );
});
