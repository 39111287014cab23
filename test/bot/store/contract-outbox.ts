import { expect, it } from 'vitest';
import { aRun, anEvent, countRows, TestClock } from './store-fixtures.js';
import type { StoreHarness } from './store-fixtures.js';

const LEASE = 30_000;

export function outboxContract(harness: StoreHarness): void {
  async function storeWithRuns(count: number) {
    const clock = new TestClock();
    const db = await harness.createDatabase();
    const store = await db.open({ now: clock.now });
    const runs = Array.from({ length: count }, () => aRun());
    for (const run of runs) {
      await store.recordEvent(anEvent(), [run]);
      clock.advance(1);
    }
    return { db, store, runs, clock };
  }

  it('claims due deliveries oldest first up to the limit, each once while its lease lasts', async () => {
    const { store, runs, clock } = await storeWithRuns(3);
    const first = await store.claimDeliveries({ owner: 'a', limit: 2, leaseMs: LEASE });
    expect(first.map((c) => c.run.id)).toEqual([runs[0]!.id, runs[1]!.id]);
    expect(first[0]).toMatchObject({ attempt: 1, lastError: null, leaseUntil: clock.ms + LEASE });
    expect(first[0]!.run.delivery).toEqual(runs[0]!.delivery);
    const second = await store.claimDeliveries({ owner: 'b', limit: 5, leaseMs: LEASE });
    expect(second.map((c) => c.run.id)).toEqual([runs[2]!.id]);
    expect(await store.claimDeliveries({ owner: 'c', limit: 5, leaseMs: LEASE })).toEqual([]);
  });

  it('hands a delivery whose lease expired to another owner, counting the attempt', async () => {
    const { store, runs, clock } = await storeWithRuns(1);
    await store.claimDeliveries({ owner: 'crashed', limit: 1, leaseMs: LEASE });
    clock.advance(LEASE - 1);
    expect(await store.claimDeliveries({ owner: 'b', limit: 1, leaseMs: LEASE })).toEqual([]);
    clock.advance(1);
    const [again] = await store.claimDeliveries({ owner: 'b', limit: 1, leaseMs: LEASE });
    expect(again?.run.id).toBe(runs[0]!.id);
    expect(again?.attempt).toBe(2);
    // The old owner lost its claim: it can neither complete nor retry.
    expect(await store.completeDelivery(runs[0]!.id, 'crashed')).toBe(false);
    const retry = { nextAttemptAt: clock.ms, error: 'late' };
    expect(await store.retryDelivery(runs[0]!.id, 'crashed', retry)).toBe(false);
    expect(await store.completeDelivery(runs[0]!.id, 'b')).toBe(true);
  });

  it('leaves the entry to the new owner when a result comes from an owner that lost its claim', async () => {
    const { db, store, runs, clock } = await storeWithRuns(1);
    const runId = runs[0]!.id;
    await store.claimDeliveries({ owner: 'slow', limit: 1, leaseMs: LEASE });
    clock.advance(LEASE);
    await store.claimDeliveries({ owner: 'fast', limit: 1, leaseMs: LEASE });
    const late = await store.setRunResult(runId, {
      logs: ['Answered 202'],
      completeDeliveryOf: 'slow',
    });
    expect(late.completed).toBe(false);
    expect(await countRows(db, 'outbox')).toBe(1);
    expect(await store.completeDelivery(runId, 'fast')).toBe(true);
  });

  it('completes a delivery only for the owner holding the claim', async () => {
    const { db, store, runs } = await storeWithRuns(1);
    await store.claimDeliveries({ owner: 'a', limit: 1, leaseMs: LEASE });
    expect(await store.completeDelivery(runs[0]!.id, 'b')).toBe(false);
    expect(await store.completeDelivery(runs[0]!.id, 'a')).toBe(true);
    expect(await countRows(db, 'outbox')).toBe(0);
    expect(await store.completeDelivery(runs[0]!.id, 'a')).toBe(false);
  });

  it('holds a retried delivery until its next attempt time, keeping the error and the count', async () => {
    const { store, runs, clock } = await storeWithRuns(1);
    const runId = runs[0]!.id;
    await store.claimDeliveries({ owner: 'a', limit: 1, leaseMs: LEASE });
    const released = await store.retryDelivery(runId, 'a', {
      nextAttemptAt: clock.ms + 2000,
      error: 'HTTP 503',
      logMessage: 'Attempt 1 failed: HTTP 503; retrying in 2 s',
    });
    expect(released).toBe(true);
    clock.advance(1999);
    expect(await store.claimDeliveries({ owner: 'a', limit: 1, leaseMs: LEASE })).toEqual([]);
    clock.advance(1);
    const [again] = await store.claimDeliveries({ owner: 'b', limit: 1, leaseMs: LEASE });
    expect(again).toMatchObject({ attempt: 2, lastError: 'HTTP 503' });
    // The claimed run is the run as read after the claim: held, so no next attempt time.
    expect(again!.run).toEqual(await store.getRun(runId));
    expect(again!.run.nextAttemptAt).toBeNull();
    expect((await store.listRunLogs(runId)).map((l) => l.message)).toEqual([
      'Attempt 1 failed: HTTP 503; retrying in 2 s',
    ]);
  });

  it('does not claim a run before its deliverAt time', async () => {
    const clock = new TestClock();
    const store = await (await harness.createDatabase()).open({ now: clock.now });
    await store.recordEvent(anEvent(), [aRun({ deliverAt: clock.ms + 500 })]);
    expect(await store.claimDeliveries({ owner: 'a', limit: 1, leaseMs: LEASE })).toEqual([]);
    const later = { owner: 'a', limit: 1, leaseMs: LEASE, now: clock.ms + 500 };
    expect(await store.claimDeliveries(later)).toHaveLength(1);
  });

  it('delivers every undelivered run after a restart, including ones claimed before it', async () => {
    const clock = new TestClock();
    const db = await harness.createDatabase();
    const before = await db.open({ now: clock.now });
    const runs = [aRun(), aRun(), aRun()];
    await before.recordEvent(anEvent(), runs);
    const [delivered] = await before.claimDeliveries({ owner: 'old', limit: 1, leaseMs: LEASE });
    await before.completeDelivery(delivered!.run.id, 'old');
    await before.claimDeliveries({ owner: 'old', limit: 1, leaseMs: LEASE });
    await before.close();
    clock.advance(LEASE);
    const after = await db.open({ now: clock.now });
    const claimed = await after.claimDeliveries({ owner: 'new', limit: 10, leaseMs: LEASE });
    expect(claimed.map((c) => c.run.id).sort()).toEqual(
      runs
        .map((r) => r.id)
        .filter((id) => id !== delivered!.run.id)
        .sort(),
    );
  });

  it('never gives the same run to two owners claiming concurrently', async () => {
    const { db, store, runs, clock } = await storeWithRuns(120);
    const replicas = [store, await db.open({ now: clock.now }), await db.open({ now: clock.now })];
    const seen: string[] = [];
    await Promise.all(
      replicas.map(async (replica, i) => {
        while (true) {
          const batch = await replica.claimDeliveries({ owner: `r${i}`, limit: 7, leaseMs: LEASE });
          if (batch.length === 0) return;
          seen.push(...batch.map((c) => c.run.id));
          for (const c of batch) expect(c.attempt).toBe(1);
        }
      }),
    );
    expect(seen).toHaveLength(runs.length);
    expect(new Set(seen).size).toBe(runs.length);
    expect(await countRows(db, 'outbox')).toBe(runs.length);
  });

  it('records poison messages with their reason and lists them newest first', async () => {
    const clock = new TestClock();
    const store = await (await harness.createDatabase()).open({ now: clock.now });
    const first = await store.recordPoisonMessage({
      source: 'kafka',
      reason: 'invalid JSON: Unexpected token',
      raw: '{not json',
      topic: 'port.change.log',
      partition: 3,
      offset: '1042',
      key: 'svc-a',
    });
    clock.advance(1);
    await store.recordPoisonMessage({ source: 'http', reason: 'missing id', raw: '{}' });
    const listed = await store.listPoisonMessages();
    expect(listed.map((m) => m.reason)).toEqual(['missing id', 'invalid JSON: Unexpected token']);
    expect(listed[1]).toEqual(first);
    expect(first).toMatchObject({
      topic: 'port.change.log',
      partition: 3,
      offset: '1042',
      key: 'svc-a',
      receivedAt: new Date(clock.ms - 1).toISOString(),
    });
    expect(await store.listPoisonMessages({ limit: 1, offset: 1 })).toEqual([first]);
  });
}
