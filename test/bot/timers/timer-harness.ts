import { pino } from 'pino';
import type { Bot } from '../../../bot/create-bot.js';
import { json, startLoopbackServer, type LoopbackServer } from '../../helpers/loopback-server.js';
import { entity, entityEvent } from '../../helpers/sample-events.js';
import { signedPost } from '../../helpers/signed-post.js';
import { EVENTS_SECRET, startTestBot } from '../../helpers/start-test-bot.js';

/** Terminates an environment when its `ttl` passes, unless it is protected. */
export function ttlAutomation(url: string): Record<string, unknown> {
  return {
    identifier: 'terminate_on_ttl',
    title: 'Terminate on TTL',
    trigger: {
      type: 'automation',
      event: {
        type: 'TIMER_PROPERTY_EXPIRED',
        blueprintIdentifier: 'environment',
        propertyIdentifier: 'ttl',
      },
      condition: {
        type: 'JQ',
        expressions: ['.diff.after.properties.protected != true'],
        combinator: 'and',
      },
    },
    invocationMethod: {
      type: 'WEBHOOK',
      url: `${url}/hook`,
      body: {
        entity: '{{ .event.context.entityIdentifier }}',
        property: '{{ .event.context.propertyIdentifier }}',
        ttl: '{{ .event.diff.after.properties.ttl }}',
        title: '{{ .event.diff.after.title }}',
        runId: '{{ .run.id }}',
      },
    },
    publish: true,
  };
}

export const iso = (ms: number) => new Date(ms).toISOString();

export function environment(id: string, properties: Record<string, unknown>, title = id) {
  return { ...entity('environment', id, properties), title };
}

export const created = (id: string, properties: Record<string, unknown>) =>
  entityEvent('CREATE', 'environment', null, environment(id, properties));
export const updated = (id: string, properties: Record<string, unknown>, title = id) =>
  entityEvent('UPDATE', 'environment', environment(id, {}), environment(id, properties, title));
export const deleted = (id: string) =>
  entityEvent('DELETE', 'environment', environment(id, {}), null);

/** A clock the test moves: the server's clock plus an offset. */
export class OffsetClock {
  offset = 0;
  readonly now = (): number => Date.now() + this.offset;
}

export interface TimerBot {
  bot: Bot & { dir: string };
  receiver: LoopbackServer;
  clock: OffsetClock;
  logs: Record<string, unknown>[];
  post(body: unknown): Promise<{ status: number; json: Record<string, unknown> }>;
  get(
    path: string,
    headers?: Record<string, string>,
  ): Promise<{ status: number; json: TimersAnswer }>;
  /** Moves the clock and lets the scheduler look for due timers. */
  advance(ms: number): Promise<void>;
  hooks(): Record<string, unknown>[];
}

/** What `GET /v1/timers` answers (or an error). */
export interface TimersAnswer {
  readonly ok: boolean;
  readonly mode?: string;
  readonly error?: string;
  readonly message?: string;
  readonly timers: ListedTimer[];
}

export interface ListedTimer {
  readonly entity: string;
  readonly dueAt: string;
  readonly eventId: string;
  readonly [key: string]: unknown;
}

/** A real bot (SQLite) with the TTL automation, a webhook receiver and captured logs. */
export async function startTimerBot(
  options: {
    env?: Record<string, string>;
    receiver?: LoopbackServer;
    clock?: OffsetClock;
    dir?: string;
    definitions?: Record<string, unknown>;
  } = {},
): Promise<TimerBot> {
  const receiver =
    options.receiver ?? (await startLoopbackServer((_req, res) => json(res, 200, { ok: true })));
  const clock = options.clock ?? new OffsetClock();
  const logs: Record<string, unknown>[] = [];
  const log = pino(
    { level: 'info' },
    { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) },
  );
  const bot = await startTestBot(
    options.definitions ?? { 'ttl.json': ttlAutomation(receiver.url) },
    options.env ?? {},
    { log, timers: { now: clock.now }, ...(options.dir ? { dir: options.dir } : {}) },
  );
  return {
    bot,
    receiver,
    clock,
    logs,
    post: (body) => signedPost(`${bot.url}/v1/events`, body, EVENTS_SECRET),
    async get(path, headers = {}) {
      const response = await fetch(`${bot.url}${path}`, { headers });
      return { status: response.status, json: (await response.json()) as TimersAnswer };
    },
    async advance(ms) {
      clock.offset += ms;
      await bot.ctx.timers!.scheduler.wake();
    },
    hooks: () =>
      receiver.requests
        .filter((r) => r.url === '/hook')
        .map((r) => JSON.parse(r.body) as Record<string, unknown>),
  };
}
