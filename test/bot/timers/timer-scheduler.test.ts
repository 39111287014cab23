import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { CatalogEvent } from '../../../core/events/catalog-event.js';
import { timerEventIdOf } from '../../../core/timers/timer-event-id.js';
import { createSqliteStore } from '../../../bot/store/sqlite-store.js';
import type { Store } from '../../../bot/store/store.js';
import type { NewTimer } from '../../../bot/store/timer-store.js';
import { TimerScheduler, type DueTimer } from '../../../bot/timers/timer-scheduler.js';
import { TestClock } from '../store/store-fixtures.js';

const dirs: string[] = [];
const stores: Store[] = [];
const schedulers: TimerScheduler[] = [];
afterEach(async () => {
  for (const scheduler of schedulers.splice(0)) await scheduler.stop();
  for (const store of stores.splice(0)) await store.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Called for each event of a batch; a throw fails the whole batch, as a failed write would. */
type OnEvent = (event: CatalogEvent, id: string) => Promise<void>;

async function setup(onEvent: OnEvent, batchSize = 10) {
  const dir = mkdtempSync(join(tmpdir(), 'sy-timer-scheduler-'));
  dirs.push(dir);
  const clock = new TestClock();
  const store = createSqliteStore({ path: join(dir, 'db.sqlite'), now: clock.now });
  stores.push(store);
  await store.migrate();
  const batches: number[] = [];
  const fire = async (claim: string, due: readonly DueTimer[]) => {
    for (const one of due) await onEvent(one.event, one.eventId);
    await store.timers.recordFired(
      claim,
      due.map((one) => ({
        timerId: one.timer.id,
        event: { id: one.eventId, source: 'timer' as const, body: one.event },
        runs: [],
      })),
    );
    batches.push(due.length);
  };
  const scheduler = new TimerScheduler(store.timers, fire, pino({ level: 'silent' }), {
    owner: 'test',
    batchSize,
    leaseMs: 60_000,
    recheckMs: 3_600_000,
    now: clock.now,
  });
  schedulers.push(scheduler);
  return { store, clock, scheduler, batches };
}

const timer = (entity: string, dueAt: number): NewTimer => ({
  key: { blueprint: 'environment', entity, property: 'ttl' },
  dueAt,
  value: new Date(dueAt).toISOString(),
  entity: { identifier: entity, properties: { ttl: new Date(dueAt).toISOString() } },
});

describe('TimerScheduler', () => {
  it('fires every due timer in batches, each once, with its derived event id, and leaves later ones', async () => {
    const fired: { event: CatalogEvent; id: string }[] = [];
    const { store, clock, scheduler, batches } = await setup(async (event, id) => {
      fired.push({ event, id });
    });
    const due = Array.from({ length: 25 }, (_, i) => timer(`env-${i}`, clock.ms - i));
    await store.timers.schedule([...due, timer('later', clock.ms + 60_000)], clock.ms);
    scheduler.start();
    await scheduler.wake();
    expect(fired).toHaveLength(25);
    expect(new Set(fired.map((f) => f.id)).size).toBe(25);
    const first = fired.find((f) => f.event.context?.entityIdentifier === 'env-3')!;
    expect(first.id).toBe(timerEventIdOf(due[3]!.key, due[3]!.dueAt));
    expect(first.event).toMatchObject({
      action: 'TIMER_EXPIRED',
      context: { propertyIdentifier: 'ttl' },
      diff: { before: null, after: { identifier: 'env-3' } },
    });
    expect(batches).toEqual([10, 10, 5]);
    expect((await store.getEvent(first.id))?.source).toBe('timer');
    expect((await store.timers.list()).map((t) => t.key.entity)).toEqual(['later']);
    clock.advance(59_999);
    await scheduler.wake();
    expect(fired).toHaveLength(25);
    clock.advance(1);
    await scheduler.wake();
    expect(fired).toHaveLength(26);
    expect(await store.timers.nextAvailableAt()).toBeNull();
  });

  it('keeps a timer whose event could not be stored, with the error, and fires it on the retry', async () => {
    let failures = 1;
    const fired: string[] = [];
    const { store, clock, scheduler } = await setup(async (event) => {
      if (failures-- > 0) throw new Error('database is unavailable');
      fired.push(String(event.context?.entityIdentifier));
    });
    await store.timers.schedule([timer('env-a', clock.ms)], clock.ms);
    scheduler.start();
    await scheduler.wake();
    const [waiting] = await store.timers.list();
    expect(waiting).toMatchObject({ claimedBy: null, lastError: 'database is unavailable' });
    expect(waiting!.availableAt).toBeGreaterThan(clock.ms);
    expect(fired).toEqual([]);
    clock.advance(60_000);
    await scheduler.wake();
    expect(fired).toEqual(['env-a']);
    expect(await store.timers.list()).toEqual([]);
  });

  it('fires the rest of a batch when one timer fails it, and retries only that one', async () => {
    const { store, clock, scheduler } = await setup(async (event) => {
      if (event.context?.entityIdentifier === 'env-bad') throw new Error('cannot store env-bad');
    });
    await store.timers.schedule(
      [timer('env-a', clock.ms), timer('env-bad', clock.ms), timer('env-c', clock.ms)],
      clock.ms,
    );
    scheduler.start();
    await scheduler.wake();
    const stored = async (entity: string) =>
      (await store.getEvent(timerEventIdOf(timer(entity, clock.ms).key, clock.ms))) !== null;
    expect([await stored('env-a'), await stored('env-bad'), await stored('env-c')]).toEqual([
      true,
      false,
      true,
    ]);
    expect(await store.timers.list()).toMatchObject([
      { key: { entity: 'env-bad' }, lastError: 'cannot store env-bad', claimedBy: null },
    ]);
  });

  it('fires nothing after it is stopped', async () => {
    const fired: string[] = [];
    const { store, clock, scheduler } = await setup(async (_event, id) => {
      fired.push(id);
    });
    scheduler.start();
    await scheduler.stop();
    await store.timers.schedule([timer('env-a', clock.ms)], clock.ms);
    scheduler.notify(clock.ms);
    await scheduler.wake();
    expect(fired).toEqual([]);
    expect(await store.timers.list()).toHaveLength(1);
  });
});
