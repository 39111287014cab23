import { expect, it } from 'vitest';
import { isStoreError } from '../../../bot/store/store-error.js';
import { aRun, anEvent, countRows } from './store-fixtures.js';
import type { StoreHarness } from './store-fixtures.js';

export function eventContract(harness: StoreHarness): void {
  it('stores the event, its runs and one outbox entry per run in one call', async () => {
    const db = await harness.createDatabase();
    const store = await db.open();
    const event = anEvent({ source: 'kafka', receivedAt: Date.UTC(2025, 0, 2) });
    const runs = [aRun(), aRun({ action: { identifier: 'open_ticket', title: null } })];
    const result = await store.recordEvent(event, runs);
    expect(result).toEqual({ created: true, runIds: runs.map((r) => r.id) });
    expect(await store.getEvent(event.id)).toEqual({
      id: event.id,
      source: 'kafka',
      body: event.body,
      receivedAt: '2025-01-02T00:00:00.000Z',
      runIds: result.runIds,
      type: 'ENTITY_UPDATED',
      blueprint: 'service',
      entity: 'svc-a',
      duplicates: 0,
      replays: [],
    });
    for (const run of runs) expect((await store.getRun(run.id))?.eventId).toBe(event.id);
    expect(await countRows(db, 'outbox')).toBe(2);
  });

  it('answers a repeated event id with the original run ids and creates nothing', async () => {
    const db = await harness.createDatabase();
    const store = await db.open();
    const event = anEvent();
    const original = await store.recordEvent(event, [aRun()]);
    const again = await store.recordEvent({ ...event, body: { other: true } }, [aRun(), aRun()]);
    expect(again).toEqual({ created: false, runIds: original.runIds });
    expect(await countRows(db, 'runs')).toBe(1);
    expect(await countRows(db, 'outbox')).toBe(1);
    expect((await store.getEvent(event.id))?.body).toEqual(event.body);
  });

  it('records an event that matched no automation, so its repeat is still recognised', async () => {
    const db = await harness.createDatabase();
    const store = await db.open();
    const event = anEvent();
    expect(await store.recordEvent(event, [])).toEqual({ created: true, runIds: [] });
    expect(await store.recordEvent(event, [aRun()])).toEqual({ created: false, runIds: [] });
    expect(await countRows(db, 'runs')).toBe(0);
  });

  it('stores nothing of an event when one of its runs cannot be stored', async () => {
    const db = await harness.createDatabase();
    const store = await db.open();
    const taken = aRun();
    await store.recordEvent(anEvent(), [taken]);
    const event = anEvent();
    const fresh = aRun();
    await expect(store.recordEvent(event, [fresh, aRun({ id: taken.id })])).rejects.toThrow();
    expect(await store.getEvent(event.id)).toBeNull();
    expect(await store.getRun(fresh.id)).toBeNull();
    expect(await countRows(db, 'outbox')).toBe(1);
    // The event id was not used up: the corrected event goes through.
    expect((await store.recordEvent(event, [fresh])).created).toBe(true);
  });

  it('gives a run with a final status, or without a delivery plan, no outbox entry', async () => {
    const db = await harness.createDatabase();
    const store = await db.open();
    const failed = aRun({ status: 'FAILURE', summary: 'template failed to render' });
    const undeliverable = aRun({ delivery: null });
    await store.recordEvent(anEvent(), [failed, undeliverable]);
    expect(await countRows(db, 'outbox')).toBe(0);
    expect((await store.getRun(failed.id))?.endedAt).not.toBeNull();
  });

  it('refuses an event without an id or with an unknown source, with invalid_request', async () => {
    const store = await (await harness.createDatabase()).open();
    const noId = store.recordEvent(anEvent({ id: '' }), []);
    await expect(noId).rejects.toSatisfy((e) => isStoreError(e, 'invalid_request'));
    const badSource = store.recordEvent(anEvent({ source: 'smtp' as 'http' }), []);
    await expect(badSource).rejects.toSatisfy((e) => isStoreError(e, 'invalid_request'));
  });

  it('lets one of two replicas win a race on the same event id; both answer its run ids', async () => {
    const db = await harness.createDatabase();
    const [a, b] = await Promise.all([db.open(), db.open()]);
    for (let round = 0; round < 20; round++) {
      const event = anEvent();
      const [fromA, fromB] = await Promise.all([
        a.recordEvent(event, [aRun()]),
        b.recordEvent(event, [aRun(), aRun()]),
      ]);
      expect([fromA.created, fromB.created].filter(Boolean)).toHaveLength(1);
      expect(fromA.runIds).toEqual(fromB.runIds);
    }
    expect(await countRows(db, 'events')).toBe(20);
    expect(await countRows(db, 'runs')).toBe(await countRows(db, 'outbox'));
  });

  it('stores each of many concurrent events once, duplicates included', async () => {
    const db = await harness.createDatabase();
    const store = await db.open();
    const events = Array.from({ length: 150 }, () => anEvent());
    const calls = [...events, ...events.slice(0, 50)].map((event) =>
      store.recordEvent(event, [aRun()]),
    );
    const results = await Promise.all(calls);
    expect(results.filter((r) => r.created)).toHaveLength(150);
    expect(results.slice(150).map((r) => r.runIds)).toEqual(
      results.slice(0, 50).map((r) => r.runIds),
    );
    expect(await countRows(db, 'runs')).toBe(150);
  });

  it('answers each of many events asked for at once on its own when one cannot be stored', async () => {
    const db = await harness.createDatabase();
    const store = await db.open();
    const taken = aRun();
    await store.recordEvent(anEvent(), [taken]);
    const events = Array.from({ length: 40 }, () => anEvent());
    const bad = anEvent();
    // Asked for in one turn of the event loop, so they are written together where batched.
    const calls = events.map((event) => store.recordEvent(event, [aRun()]));
    const failing = store.recordEvent(bad, [aRun(), aRun({ id: taken.id })]).then(
      () => 'stored',
      (error: unknown) => error,
    );
    const results = await Promise.all(calls);
    expect(await failing).toBeInstanceOf(Error);
    expect(results.every((r) => r.created && r.runIds.length === 1)).toBe(true);
    expect(await store.getEvent(bad.id)).toBeNull();
    expect(await countRows(db, 'events')).toBe(41);
    expect(await countRows(db, 'runs')).toBe(41);
    expect(await countRows(db, 'outbox')).toBe(41);
  });

  it('answers a stored id and an id asked for twice at once, among new events, as duplicates', async () => {
    const db = await harness.createDatabase();
    const store = await db.open();
    const stored = anEvent();
    const original = await store.recordEvent(stored, [aRun()]);
    const twice = anEvent();
    const others = Array.from({ length: 20 }, () => anEvent());
    const [again, first, second, ...rest] = await Promise.all([
      store.recordEvent(stored, [aRun()]),
      store.recordEvent(twice, [aRun(), aRun()]),
      store.recordEvent(twice, [aRun()]),
      ...others.map((event) => store.recordEvent(event, [aRun()])),
    ]);
    expect(again).toEqual({ created: false, runIds: original.runIds });
    expect([first!.created, second!.created]).toEqual([true, false]);
    expect(second!.runIds).toEqual(first!.runIds);
    expect(rest.every((r) => r.created)).toBe(true);
    expect(await countRows(db, 'runs')).toBe(1 + 2 + 20);
    expect(await countRows(db, 'outbox')).toBe(1 + 2 + 20);
  });
}
