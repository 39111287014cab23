import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findPostgresUrl } from '../store/postgres-harness.js';
import { timerEventIdOf } from '../../../core/timers/timer-event-id.js';
import { timerEvent } from '../../helpers/sample-events.js';
import { waitFor } from '../../helpers/wait-for.js';
import {
  created,
  deleted,
  environment,
  iso,
  OffsetClock,
  startTimerBot,
  ttlAutomation,
  updated,
  type TimerBot,
} from './timer-harness.js';

const DAY = 86_400_000;
const key = (entity: string) => ({ blueprint: 'environment', entity, property: 'ttl' });

let running: TimerBot[] = [];
let schemas: string[] = [];
let database: 'sqlite' | 'postgres' = 'sqlite';
const envOf = new Map<TimerBot, Record<string, string>>();
afterEach(async () => {
  for (const t of running) {
    await t.bot.stop();
    await t.receiver.close();
  }
  running = [];
  envOf.clear();
  if (schemas.length) {
    const client = new pg.Client({ connectionString: await findPostgresUrl() });
    await client.connect();
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
    schemas = [];
  }
});

/** A bot on this run's database: SQLite, or a new PostgreSQL schema (unless `env` names one). */
const start = async (options: Parameters<typeof startTimerBot>[0] = {}) => {
  let env = options.env ?? {};
  if (database === 'postgres' && env.DATABASE_URL === undefined) {
    const url = await findPostgresUrl();
    const schema = `sy_timers_e2e_${randomBytes(4).toString('hex')}`;
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`CREATE SCHEMA ${schema}`);
    await client.end();
    schemas.push(schema);
    env = {
      ...env,
      DATABASE_URL: `${url}?options=${encodeURIComponent(`-c search_path=${schema}`)}`,
    };
  }
  const t = await startTimerBot({ ...options, env });
  running.push(t);
  envOf.set(t, env);
  return t;
};

describe.each(['sqlite', 'postgres'] as const)('timers on %s', (dialect) => {
  beforeEach(() => {
    database = dialect;
  });

  it('fires a ttl a second ahead through the normal path: stored, matched, run created, webhook called', async () => {
    const t = await start();
    const ttl = iso(Date.now() + 1000);
    const answer = await t.post(created('env-a', { ttl, protected: false }));
    expect(answer.status).toBe(202);
    expect(answer.json.runs).toEqual([]);
    const [hook] = await waitFor(() => t.hooks().length > 0 && t.hooks(), 30_000, 'the webhook');
    expect(hook).toMatchObject({ entity: 'env-a', property: 'ttl', ttl, title: 'env-a' });
    const eventId = timerEventIdOf(key('env-a'), Date.parse(ttl));
    const stored = await t.bot.ctx.store.getEvent(eventId);
    expect(stored?.source).toBe('timer');
    expect(stored?.runIds).toEqual([hook!.runId]);
    expect(stored?.body).toMatchObject({
      action: 'TIMER_EXPIRED',
      resourceType: 'entity',
      context: {
        blueprintIdentifier: 'environment',
        entityIdentifier: 'env-a',
        propertyIdentifier: 'ttl',
      },
      diff: { before: null, after: { identifier: 'env-a', properties: { ttl } } },
      trigger: { by: { orgId: 'org_1', userId: 'auth0|u1' }, origin: 'AUTOMATION' },
    });
    const run = await t.bot.ctx.store.getRun(hook!.runId as string);
    expect(run).toMatchObject({ eventId, action: { identifier: 'terminate_on_ttl' } });
    expect((await t.get('/v1/timers')).json.timers).toEqual([]);
    const metrics = await (await fetch(`${t.bot.url}/metrics`)).text();
    expect(metrics).toMatch(/^switchyard_timer_lag_seconds_count 1$/m);
    expect(metrics).toMatch(
      /^switchyard_events_received_total\{source="timer",outcome="accepted"\} 1$/m,
    );
  });

  it('fires a timer a day ahead when the clock gets there, not before', async () => {
    const t = await start();
    const due = t.clock.now() + DAY;
    await t.post(created('env-a', { ttl: iso(due) }));
    const listed = await t.get('/v1/timers');
    expect(listed.status).toBe(200);
    expect(listed.json.mode).toBe('auto');
    expect(listed.json.timers).toMatchObject([
      {
        blueprint: 'environment',
        entity: 'env-a',
        property: 'ttl',
        dueAt: iso(due),
        state: 'pending',
        eventId: timerEventIdOf(key('env-a'), due),
      },
    ]);
    await t.advance(DAY - 60_000);
    expect(await t.bot.ctx.store.timers.list()).toHaveLength(1);
    await t.advance(60_000);
    expect(await t.bot.ctx.store.timers.list()).toEqual([]);
    await waitFor(() => t.hooks().length === 1, 30_000, 'the webhook');
    expect(await t.bot.ctx.store.getEvent(timerEventIdOf(key('env-a'), due))).not.toBeNull();
  });

  it('moves a timer when the ttl changes and fires once, at the new instant, with the entity as last seen', async () => {
    const t = await start();
    const first = t.clock.now() + DAY;
    const second = first + DAY;
    await t.post(created('env-a', { ttl: iso(first) }));
    await t.post(updated('env-a', { ttl: iso(second) }, 'renamed'));
    const [timer] = (await t.get('/v1/timers?entity=env-a')).json.timers;
    expect(timer!.dueAt).toBe(iso(second));
    await t.advance(DAY + 1000);
    expect(await t.bot.ctx.store.getEvent(timerEventIdOf(key('env-a'), first))).toBeNull();
    await t.advance(DAY);
    const hooks = await waitFor(() => t.hooks().length === 1 && t.hooks(), 30_000, 'the webhook');
    expect(hooks[0]).toMatchObject({ ttl: iso(second), title: 'renamed' });
    // An update that repeats the instant that already fired does not fire it again.
    await t.post(updated('env-a', { ttl: iso(second), note: 'x' }));
    await t.advance(1000);
    expect(await t.bot.ctx.store.timers.list()).toEqual([]);
    expect(await t.bot.ctx.store.listRuns()).toHaveLength(1);
  });

  it('cancels on a null or removed value and on ENTITY_DELETED', async () => {
    const t = await start();
    const due = iso(t.clock.now() + DAY);
    for (const id of ['env-a', 'env-b', 'env-c']) await t.post(created(id, { ttl: due }));
    await t.post(updated('env-a', { ttl: null }));
    await t.post(updated('env-b', {}));
    expect((await t.get('/v1/timers')).json.timers.map((x) => x.entity)).toEqual(['env-c']);
    await t.post(deleted('env-c'));
    expect((await t.get('/v1/timers')).json.timers).toEqual([]);
    await t.advance(2 * DAY);
    expect(await t.bot.ctx.store.listRuns()).toEqual([]);
  });

  it('fires a value already in the past at once, and conditions still apply', async () => {
    const t = await start();
    const past = iso(Date.now() - 3_600_000);
    await t.post(created('env-old', { ttl: past }));
    await t.post(created('env-protected', { ttl: past, protected: true }));
    await waitFor(() => t.hooks().length === 1, 30_000, 'the webhook');
    expect(t.hooks()[0]).toMatchObject({ entity: 'env-old', ttl: past });
    const skipped = await waitFor(
      async () =>
        (await t.bot.ctx.store.getEvent(timerEventIdOf(key('env-protected'), Date.parse(past)))) ??
        undefined,
      30_000,
      'the protected environment’s timer event',
    );
    expect(skipped!.runIds).toEqual([]);
  });

  it('logs an unparseable value once, with the event id and the property, and schedules nothing', async () => {
    const t = await start();
    const event = { ...created('env-a', { ttl: 'next tuesday' }), id: 'evt-bad-ttl' };
    expect((await t.post(event)).status).toBe(202);
    expect((await t.post(event)).json.duplicate).toBe(true);
    const warnings = t.logs.filter((line) => String(line.msg).startsWith('timers:'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({
      level: 40,
      eventId: 'evt-bad-ttl',
      property: 'ttl',
      entity: 'env-a',
    });
    expect(String(warnings[0]!.msg)).toContain('"next tuesday" is not an ISO 8601 date-time');
    expect(await t.bot.ctx.store.timers.list()).toEqual([]);
    // A bad value replaces a good one: the old instant no longer stands.
    await t.post(created('env-b', { ttl: iso(t.clock.now() + DAY) }));
    await t.post(updated('env-b', { ttl: 42 }));
    expect(await t.bot.ctx.store.timers.list()).toEqual([]);
  });

  it("lets Port's own TIMER_EXPIRED win in auto mode: the local timer is cancelled and nothing fires twice", async () => {
    const t = await start();
    const due = t.clock.now() + 5000;
    await t.post(created('env-a', { ttl: iso(due) }));
    const port = timerEvent('environment', 'ttl', environment('env-a', { ttl: iso(due) }));
    const answer = await t.post(port);
    expect(answer.json.eventId).toBe(timerEventIdOf(key('env-a'), due));
    expect(answer.json.runs).toHaveLength(1);
    expect(await t.bot.ctx.store.timers.list()).toEqual([]);
    // Port's event again (a redelivery), then the local instant passing: still one run.
    expect((await t.post(port)).json.duplicate).toBe(true);
    await t.advance(10_000);
    await waitFor(() => t.hooks().length === 1, 30_000, 'the webhook');
    expect(await t.bot.ctx.store.listRuns()).toHaveLength(1);
  });

  it('treats an incoming TIMER_EXPIRED that arrives after the local firing as a duplicate', async () => {
    const t = await start();
    const due = t.clock.now() + DAY;
    await t.post(created('env-a', { ttl: iso(due) }));
    await t.advance(DAY);
    await waitFor(() => t.hooks().length === 1, 30_000, 'the webhook');
    const late = await t.post(
      timerEvent('environment', 'ttl', environment('env-a', { ttl: iso(due) })),
    );
    expect(late.json).toMatchObject({ duplicate: true, runs: [t.hooks()[0]!.runId] });
    expect(await t.bot.ctx.store.listRuns()).toHaveLength(1);
  });

  it('with SWITCHYARD_TIMERS=on keeps incoming timer events apart; with off schedules nothing', async () => {
    const on = await start({ env: { SWITCHYARD_TIMERS: 'on' } });
    const due = on.clock.now() + DAY;
    await on.post(created('env-a', { ttl: iso(due) }));
    const port = {
      ...timerEvent('environment', 'ttl', environment('env-a', { ttl: iso(due) })),
      id: 'port-1',
    };
    expect((await on.post(port)).json.eventId).toBe('port-1');
    expect(await on.bot.ctx.store.timers.list()).toHaveLength(1);
    expect((await on.get('/v1/timers')).json.mode).toBe('on');

    const off = await start({ env: { SWITCHYARD_TIMERS: 'off' } });
    await off.post(created('env-a', { ttl: iso(Date.now() - 1000) }));
    expect(await off.bot.ctx.store.timers.list()).toEqual([]);
    expect((await off.post(port)).json).toMatchObject({ eventId: 'port-1', duplicate: false });
    expect((await off.get('/v1/timers')).json).toEqual({ ok: true, mode: 'off', timers: [] });
  });

  it('survives a restart: a timer due while the server was down fires right after start, once', async () => {
    const clock = new OffsetClock();
    const first = await start({ clock });
    const due = clock.now() + DAY;
    await first.post(created('env-a', { ttl: iso(due) }));
    const dir = first.bot.dir;
    running = [];
    await first.bot.stop();
    clock.offset += DAY + 60_000; // the server was down while the timer came due
    const second = await start({ clock, dir, receiver: first.receiver, env: envOf.get(first)! });
    await waitFor(() => second.hooks().length === 1, 30_000, 'the webhook after the restart');
    expect(await second.bot.ctx.store.timers.list()).toEqual([]);
    await second.advance(1000);
    expect(await second.bot.ctx.store.listRuns()).toHaveLength(1);
    expect(second.hooks()).toHaveLength(1);
  });

  it('starts watching a property when an automation on it is loaded, and keeps others unwatched', async () => {
    const t = await start({ definitions: {} });
    await t.post(created('env-a', { ttl: iso(t.clock.now() + DAY) }));
    expect(await t.bot.ctx.store.timers.list()).toEqual([]);
    const u = await start({
      definitions: { 'ttl.json': ttlAutomation('http://127.0.0.1:9') },
    });
    await u.post(created('env-a', { ttl: iso(u.clock.now() + DAY), other: iso(u.clock.now()) }));
    expect((await u.bot.ctx.store.timers.list()).map((x) => x.key.property)).toEqual(['ttl']);
  });
});

describe('GET /v1/timers', () => {
  beforeEach(() => {
    database = 'sqlite';
  });

  it('filters by blueprint, entity, property and due window, and refuses bad filters with 422', async () => {
    const t = await start();
    const base = t.clock.now() + DAY;
    for (let i = 0; i < 5; i++) await t.post(created(`env-${i}`, { ttl: iso(base + i * 1000) }));
    const entities = async (query: string) =>
      (await t.get(`/v1/timers${query}`)).json.timers.map((x) => x.entity);
    expect(await entities('')).toEqual(['env-0', 'env-1', 'env-2', 'env-3', 'env-4']);
    expect(await entities('?entity=env-3')).toEqual(['env-3']);
    expect(await entities('?blueprint=service')).toEqual([]);
    expect(await entities('?property=ttl&limit=2&offset=1')).toEqual(['env-1', 'env-2']);
    expect(
      await entities(
        `?due_after=${iso(base + 1000)}&due_before=${encodeURIComponent(iso(base + 3000))}`,
      ),
    ).toEqual(['env-1', 'env-2']);
    const bad = await t.get('/v1/timers?due_before=soon');
    expect(bad.status).toBe(422);
    expect(bad.json).toMatchObject({ ok: false, error: 'invalid_request' });
    expect(bad.json.message).toMatch(/^due_before: "soon" is not an ISO 8601/);
    expect((await t.get('/v1/timers?limit=0')).status).toBe(422);
  });

  it('needs a bearer token when API credentials are configured', async () => {
    const t = await start({
      env: { SWITCHYARD_CLIENT_ID: 'timer-client', SWITCHYARD_CLIENT_SECRET: 'timer-secret' },
    });
    expect((await t.get('/v1/timers')).status).toBe(401);
    const token = await fetch(`${t.bot.url}/v1/auth/access_token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ clientId: 'timer-client', clientSecret: 'timer-secret' }),
    }).then((r) => r.json() as Promise<{ accessToken: string }>);
    const answer = await t.get('/v1/timers', { authorization: `Bearer ${token.accessToken}` });
    expect(answer.status).toBe(200);
  });
});
