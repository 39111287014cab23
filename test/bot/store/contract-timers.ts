import { expect, it } from 'vitest';
import type { NewTimer } from '../../../bot/store/timer-store.js';
import type { TimerKey } from '../../../core/timers/timer-event-id.js';
import { aRun, anEvent, countRows } from './store-fixtures.js';
import type { StoreHarness } from './store-fixtures.js';

const T0 = Date.UTC(2026, 0, 1, 12);
const key = (entity: string, property = 'ttl'): TimerKey => ({
  blueprint: 'environment',
  entity,
  property,
});
const aTimer = (entity: string, dueAt: number, extra: Partial<NewTimer> = {}): NewTimer => ({
  key: key(entity),
  dueAt,
  value: Number.isFinite(dueAt) ? new Date(dueAt).toISOString() : 'not a date',
  entity: { identifier: entity, blueprint: 'environment', properties: { seq: 1 } },
  scheduledBy: { by: { userId: 'u1' } },
  sourceEventId: `evt-${entity}`,
  ...extra,
});

export function timerContract(harness: StoreHarness): void {
  it('schedules a timer and lists it back with its entity snapshot, one row per property', async () => {
    const db = await harness.createDatabase();
    const store = await db.open();
    await store.timers.schedule([aTimer('env-a', T0 + 5000)], T0);
    await store.timers.schedule([{ ...aTimer('env-a', T0 + 9000), key: key('env-a', 'ttl2') }], T0);
    const [timer] = await store.timers.list({ property: 'ttl' });
    expect(timer).toMatchObject({
      key: key('env-a'),
      dueAt: T0 + 5000,
      availableAt: T0 + 5000,
      value: new Date(T0 + 5000).toISOString(),
      entity: { identifier: 'env-a', blueprint: 'environment', properties: { seq: 1 } },
      scheduledBy: { by: { userId: 'u1' } },
      sourceEventId: 'evt-env-a',
      claimedBy: null,
      attempts: 0,
      createdAt: T0,
    });
    expect(await store.timers.get(key('env-a', 'ttl2'))).toMatchObject({ dueAt: T0 + 9000 });
    expect(await countRows(db, 'timers')).toBe(2);
    expect(await store.timers.nextAvailableAt()).toBe(T0 + 5000);
  });

  it('has no next timer when none waits', async () => {
    const db = await harness.createDatabase();
    const store = await db.open();
    expect(await store.timers.nextAvailableAt()).toBeNull();
    expect(await store.timers.claimDue({ owner: 'a', limit: 10, leaseMs: 1000, now: T0 })).toEqual(
      [],
    );
  });

  it('claims only due timers, earliest first, up to the limit, and not twice while the lease holds', async () => {
    const db = await harness.createDatabase();
    const store = await db.open();
    await store.timers.schedule(
      [aTimer('late', T0 + 60_000), aTimer('b', T0 - 10), aTimer('a', T0 - 20), aTimer('c', T0)],
      T0,
    );
    const first = await store.timers.claimDue({ owner: 'r1', limit: 2, leaseMs: 5000, now: T0 });
    expect(first.map((t) => t.key.entity)).toEqual(['a', 'b']);
    expect(first[0]!.claim).toMatch(/^r1#/);
    expect(first[0]!.attempts).toBe(1);
    const second = await store.timers.claimDue({ owner: 'r2', limit: 10, leaseMs: 5000, now: T0 });
    expect(second.map((t) => t.key.entity)).toEqual(['c']);
    expect(
      await store.timers.claimDue({ owner: 'r2', limit: 10, leaseMs: 5000, now: T0 + 4999 }),
    ).toEqual([]);
    // r1 died: after its lease another replica claims its timers again.
    const again = await store.timers.claimDue({
      owner: 'r2',
      limit: 10,
      leaseMs: 5000,
      now: T0 + 5000,
    });
    expect(again.map((t) => [t.key.entity, t.attempts])).toEqual([
      ['a', 2],
      ['b', 2],
      ['c', 2],
    ]);
  });

  it('removes fired timers only for the claim that holds them', async () => {
    const db = await harness.createDatabase();
    const store = await db.open();
    await store.timers.schedule([aTimer('a', T0), aTimer('b', T0)], T0);
    const stale = await store.timers.claimDue({ owner: 'r1', limit: 10, leaseMs: 100, now: T0 });
    const fresh = await store.timers.claimDue({
      owner: 'r2',
      limit: 10,
      leaseMs: 100,
      now: T0 + 100,
    });
    expect(
      await store.timers.complete(
        stale[0]!.claim,
        ['a', 'b'].map((e) => idOf(stale, e)),
      ),
    ).toBe(0);
    expect(await store.timers.complete(fresh[0]!.claim, [idOf(fresh, 'a')])).toBe(1);
    expect((await store.timers.list()).map((t) => t.key.entity)).toEqual(['b']);
  });

  it('moves a timer to a new instant, dropping its claim; the same instant keeps the claim and takes the newer snapshot', async () => {
    const db = await harness.createDatabase();
    const store = await db.open();
    await store.timers.schedule([aTimer('a', T0), aTimer('b', T0)], T0);
    const claimed = await store.timers.claimDue({
      owner: 'r1',
      limit: 10,
      leaseMs: 60_000,
      now: T0,
    });
    const snapshot = { identifier: 'x', properties: { seq: 2 } };
    await store.timers.schedule(
      [aTimer('a', T0 + 30_000, { entity: snapshot }), aTimer('b', T0, { entity: snapshot })],
      T0 + 1,
    );
    const a = await store.timers.get(key('a'));
    expect(a).toMatchObject({ dueAt: T0 + 30_000, availableAt: T0 + 30_000, claimedBy: null });
    expect(a).toMatchObject({ attempts: 0, entity: snapshot, updatedAt: T0 + 1, createdAt: T0 });
    const b = await store.timers.get(key('b'));
    expect(b).toMatchObject({ dueAt: T0, claimedBy: claimed[0]!.claim, attempts: 1 });
    expect(b!.entity).toEqual(snapshot);
    // Completing the old claim leaves the moved timer waiting for its new instant.
    expect(
      await store.timers.complete(
        claimed[0]!.claim,
        claimed.map((t) => t.id),
      ),
    ).toBe(1);
    expect((await store.timers.list()).map((t) => t.key.entity)).toEqual(['a']);
  });

  it('cancels one timer, only at a given instant when asked, or every timer of an entity', async () => {
    const db = await harness.createDatabase();
    const store = await db.open();
    await store.timers.schedule(
      [
        aTimer('a', T0),
        { ...aTimer('a', T0), key: key('a', 'ttl2') },
        aTimer('b', T0),
        aTimer('c', T0),
      ],
      T0,
    );
    expect(await store.timers.cancel(key('b'), { dueAt: T0 + 1 })).toBe(false);
    expect(await store.timers.cancel(key('b'), { dueAt: T0 })).toBe(true);
    expect(await store.timers.cancel(key('c'))).toBe(true);
    expect(await store.timers.cancel(key('c'))).toBe(false);
    expect(await store.timers.cancelEntity('environment', 'a')).toBe(2);
    expect(await store.timers.list()).toEqual([]);
  });

  it('gives a timer back for a retry at a later time, with the error', async () => {
    const db = await harness.createDatabase();
    const store = await db.open();
    await store.timers.schedule([aTimer('a', T0)], T0);
    const [claimed] = await store.timers.claimDue({
      owner: 'r1',
      limit: 1,
      leaseMs: 60_000,
      now: T0,
    });
    expect(
      await store.timers.release('someone-else', claimed!.id, { availableAt: T0, error: 'x' }),
    ).toBe(false);
    expect(
      await store.timers.release(claimed!.claim, claimed!.id, {
        availableAt: T0 + 2000,
        error: 'store unavailable',
      }),
    ).toBe(true);
    expect(await store.timers.get(key('a'))).toMatchObject({
      claimedBy: null,
      availableAt: T0 + 2000,
      lastError: 'store unavailable',
    });
    expect(await store.timers.nextAvailableAt()).toBe(T0 + 2000);
    expect(
      await store.timers.claimDue({ owner: 'r1', limit: 1, leaseMs: 1, now: T0 + 1999 }),
    ).toEqual([]);
  });

  it('lists by blueprint, entity, property and due window, ordered by due time, paged', async () => {
    const db = await harness.createDatabase();
    const store = await db.open();
    await store.timers.schedule(
      [
        aTimer('c', T0 + 3000),
        aTimer('a', T0 + 1000),
        aTimer('b', T0 + 2000),
        { ...aTimer('d', T0), key: { blueprint: 'service', entity: 'd', property: 'ttl' } },
      ],
      T0,
    );
    const entities = async (filter: Parameters<typeof store.timers.list>[0]) =>
      (await store.timers.list(filter)).map((t) => t.key.entity);
    expect(await entities({})).toEqual(['d', 'a', 'b', 'c']);
    expect(await entities({ blueprint: 'environment' })).toEqual(['a', 'b', 'c']);
    expect(await entities({ entity: 'b' })).toEqual(['b']);
    expect(await entities({ property: 'nope' })).toEqual([]);
    expect(await entities({ dueAfter: T0 + 1000, dueBefore: T0 + 3000 })).toEqual(['a', 'b']);
    expect(await entities({ limit: 2, offset: 1 })).toEqual(['a', 'b']);
    await expect(store.timers.list({ limit: 0 })).rejects.toThrow(/limit must be an integer/);
  });

  it('schedules thousands in one call and keeps the last of one timer given twice', async () => {
    const db = await harness.createDatabase();
    const store = await db.open();
    const many = Array.from({ length: 1200 }, (_, i) => aTimer(`e${i}`, T0 + i));
    await store.timers.schedule([...many, aTimer('e0', T0 + 99_999)], T0);
    expect(await countRows(db, 'timers')).toBe(1200);
    expect((await store.timers.get(key('e0')))!.dueAt).toBe(T0 + 99_999);
    expect(await store.timers.nextAvailableAt()).toBe(T0 + 1);
  });

  it('refuses a timer without an entity or with a due time that is not epoch ms', async () => {
    const db = await harness.createDatabase();
    const store = await db.open();
    await expect(store.timers.schedule([aTimer('', T0)], T0)).rejects.toThrow(
      /needs a non-empty entity/,
    );
    await expect(store.timers.schedule([aTimer('a', Number.NaN)], T0)).rejects.toThrow(
      /dueAt must be epoch ms/,
    );
  });

  it('stores fired timers’ events, runs and outbox entries and removes the timers in one go, deduped by event id', async () => {
    const db = await harness.createDatabase();
    const store = await db.open();
    await store.timers.schedule([aTimer('a', T0), aTimer('b', T0), aTimer('c', T0)], T0);
    const claimed = await store.timers.claimDue({
      owner: 'r1',
      limit: 10,
      leaseMs: 60_000,
      now: T0,
    });
    // b's event was stored already (e.g. Port's own timer event arrived first); c was moved.
    const earlier = aRun();
    await store.recordEvent(anEvent({ id: 'timer-b' }), [earlier]);
    await store.timers.schedule([aTimer('c', T0 + 60_000)], T0);
    const [runA, runB, runC] = [aRun(), aRun(), aRun({ status: 'FAILURE' })];
    const results = await store.timers.recordFired(
      claimed[0]!.claim,
      ['a', 'b', 'c'].map((entity, i) => ({
        timerId: idOf(claimed, entity),
        event: anEvent({ id: `timer-${entity}`, source: 'timer' }),
        runs: [[runA, runB, runC][i]!],
      })),
    );
    expect(results).toEqual([
      { created: true, runIds: [runA.id] },
      { created: false, runIds: [earlier.id] },
      { created: true, runIds: [runC.id] },
    ]);
    expect(await store.getEvent('timer-a')).toMatchObject({ source: 'timer', runIds: [runA.id] });
    expect((await store.getRun(runA.id))?.eventId).toBe('timer-a');
    expect(await store.getRun(runB.id)).toBeNull();
    // Only the open run waits in the outbox (besides the earlier event's).
    const outbox = (await db.sql('SELECT run_id FROM outbox')).map((r) => String(r.run_id)).sort();
    expect(outbox).toEqual([runA.id, earlier.id].sort());
    expect((await store.timers.list()).map((t) => [t.key.entity, t.dueAt])).toEqual([
      ['c', T0 + 60_000],
    ]);
    expect(await store.timers.recordFired('r1#x', [])).toEqual([]);
  });

  it('hands each due timer to exactly one of two replicas claiming at once', async () => {
    const db = await harness.createDatabase();
    const [a, b] = [await db.open(), await db.open()];
    await a.timers.schedule(
      Array.from({ length: 200 }, (_, i) => aTimer(`e${i}`, T0 - i)),
      T0,
    );
    const claims = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        (i % 2 ? a : b).timers.claimDue({ owner: `r${i}`, limit: 30, leaseMs: 60_000, now: T0 }),
      ),
    );
    const ids = claims.flat().map((t) => t.id);
    expect(ids).toHaveLength(200);
    expect(new Set(ids).size).toBe(200);
  });
}

function idOf(claimed: readonly { id: string; key: TimerKey }[], entity: string): string {
  return claimed.find((t) => t.key.entity === entity)!.id;
}
