import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { apiRoutes } from '../../../bot/api/api-routes.js';
import type { BotContext } from '../../../bot/bot-context.js';
import { readConfig } from '../../../bot/config/read-config.js';
import { serveRoutes } from '../../../bot/http/serve-routes.js';
import {
  DefinitionRegistry,
  type ActiveDefinition,
} from '../../../bot/definitions/definition-registry.js';
import { createBotMetrics } from '../../../bot/metrics/bot-metrics.js';
import { createStore } from '../../../bot/store/create-store.js';
import type { NewRun, RunChange } from '../../../bot/store/run-record.js';
import type { Store } from '../../../bot/store/store.js';
import type { Definition } from '../../../core/definitions/definition.js';
import { createJqEngine } from '../../../core/jq/create-jq-engine.js';
import type { JqEngine } from '../../../core/jq/jq-engine.js';
import { newId } from '../../../core/runs/new-run-id.js';
import { aRun, closeOnce } from '../store/store-fixtures.js';

export const CLIENT_ID = 'ci-client';
export const CLIENT_SECRET = 'a-long-client-secret-for-tests';

export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Record<string, unknown>;
}

export interface RequestOptions {
  readonly body?: unknown;
  /** A raw body sent as is (with `contentType`, default application/json). */
  readonly raw?: string | Buffer;
  readonly contentType?: string;
  /** `Authorization: Bearer <token>`; default: a valid token when credentials are configured. */
  readonly token?: string | null;
  readonly headers?: Record<string, string>;
}

/** A real API over HTTP on 127.0.0.1: temp SQLite store, real registry, real jq, real server. */
export interface ApiHarness {
  readonly url: string;
  readonly store: Store;
  readonly registry: DefinitionRegistry;
  readonly ctx: BotContext;
  /** Every `ctx.runChanged(change)` call, in order. */
  readonly changes: RunChange[];
  /** How often `ctx.notifyOutbox()` was called. */
  readonly outboxWakes: { count: number };
  /** Log lines at warn level and above, parsed. */
  readonly warnings: Record<string, unknown>[];
  token(): Promise<string>;
  request(method: string, path: string, options?: RequestOptions): Promise<Answer>;
  /** Stores runs as ingest would (one event), returning their ids. */
  seedRuns(...runs: Partial<NewRun>[]): Promise<string[]>;
  activate(...definitions: Definition[]): void;
  close(): Promise<void>;
}

let sharedJq: JqEngine | undefined;

/** One jq engine per test file (its workers are slow to start); close with `closeSharedJq`. */
function jqEngine(): JqEngine {
  sharedJq ??= createJqEngine({ timeoutMs: 2000 });
  return sharedJq;
}

export async function closeSharedJq(): Promise<void> {
  await sharedJq?.close();
  sharedJq = undefined;
}

export async function startApiHarness(
  options: { credentials?: boolean; definitions?: Definition[] } = {},
): Promise<ApiHarness> {
  const dir = await mkdtemp(join(tmpdir(), 'sy-api-'));
  const store = closeOnce(await createStore({ sqlitePath: join(dir, 'switchyard.db') }));
  const config = readConfig({
    SWITCHYARD_SQLITE_PATH: join(dir, 'switchyard.db'),
    SWITCHYARD_WATCH: 'false',
    ...(options.credentials === false
      ? {}
      : { SWITCHYARD_CLIENT_ID: CLIENT_ID, SWITCHYARD_CLIENT_SECRET: CLIENT_SECRET }),
  } as NodeJS.ProcessEnv);
  const warnings: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      warnings.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      done();
    },
  });
  const registry = new DefinitionRegistry();
  const changes: RunChange[] = [];
  const outboxWakes = { count: 0 };
  const ctx: BotContext = {
    config,
    store,
    registry,
    jq: jqEngine(),
    log: pino({ level: 'warn' }, sink),
    metrics: createBotMetrics(),
    runChanged: (change) => changes.push(change),
    notifyOutbox: () => outboxWakes.count++,
  };
  // The API's routes in the bot's HTTP layer; a path the API does not own reaches the last
  // route here (418), as it would reach another part of the bot's table.
  const server: Server = createServer(
    serveRoutes(
      [
        ...apiRoutes(ctx),
        {
          method: '*',
          pattern: '/*rest',
          handle: async () => ({
            status: 418,
            headers: { 'content-type': 'text/plain' },
            body: 'not the API',
          }),
        },
      ],
      ctx.log,
    ),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const token = async (): Promise<string> => {
    const answer = await fetch(`${url}/v1/auth/access_token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }),
    });
    return ((await answer.json()) as { accessToken: string }).accessToken;
  };
  let cachedToken: string | undefined;

  const harness: ApiHarness = {
    url,
    store,
    registry,
    ctx,
    changes,
    outboxWakes,
    warnings,
    token,
    async request(method, path, request = {}) {
      const headers: Record<string, string> = { ...request.headers };
      let bearer = request.token;
      if (bearer === undefined && options.credentials !== false)
        bearer = cachedToken ??= await token();
      if (bearer !== undefined && bearer !== null) headers.authorization = `Bearer ${bearer}`;
      let body: string | Buffer | undefined;
      if (request.raw !== undefined) body = request.raw;
      else if (request.body !== undefined) body = JSON.stringify(request.body);
      if (body !== undefined) headers['content-type'] = request.contentType ?? 'application/json';
      const response = await fetch(`${url}${path}`, { method, headers, body });
      const text = await response.text();
      const type = response.headers.get('content-type') ?? '';
      return {
        status: response.status,
        headers: response.headers,
        body: type.includes('json') ? (JSON.parse(text) as Record<string, unknown>) : { text },
      };
    },
    async seedRuns(...runs) {
      const made = runs.map((overrides) => aRun({ delivery: null, ...overrides }));
      await store.recordEvent({ id: newId('event_'), source: 'http', body: {} }, made);
      return made.map((run) => run.id);
    },
    activate(...definitions) {
      const entries: ActiveDefinition[] = definitions.map((definition) => ({
        definition,
        origin: { file: `automations/${definition.identifier}.json` },
      }));
      registry.activate('local', entries, {
        source: 'local',
        at: new Date().toISOString(),
        activated: true,
        definitions: entries.length,
        errors: [],
        warnings: 0,
      });
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  if (options.definitions !== undefined) harness.activate(...options.definitions);
  return harness;
}
