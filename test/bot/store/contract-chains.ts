import { expect, it } from 'vitest';
import type { RunListeners } from '../../../bot/store/chain-entry.js';
import type { TimerKey } from '../../../core/timers/timer-event-id.js';
import { aRun, anEvent, countRows, TestClock } from './store-fixtures.js';
import type { StoreHarness } from './store-fixtures.js';

const LEASE = 30_000;
/** Something listens to `deploy`'s run events (both kinds), to nothing else's. */
const deployListened: RunListeners = { CREATE: new Set(['deploy']), UPDATE: new Set(['deploy']) };
const deploy = { identifier: 'deploy', title: 'Deploy' };

export function chainContract(harness: StoreHarness): void {
  async function open(listeners: RunListeners | null = deployListened) {
    const clock = new TestClock();
    const db = await harness.createDatabase();
    const store = await db.open({ now: clock.now, ...(listeners === null ? {} : { listeners }) });
    return { db, store, clock };
  }

  it('queues RUN_CREATED with the event for the runs whose action has listeners, as stored', async () => {
    const { db, store } = await open();
    const [listened, other] = [aRun({ action: deploy }), aRun()];
    const event = anEvent();
    await store.recordEvent(event, [listened, other]);
    expect(await countRows(db, 'chain_outbox')).toBe(1);
    const [entry, ...rest] = await store.claimChainEntries({
      owner: 'a',
      limit: 10,
      leaseMs: LEASE,
    });
    expect(rest).toEqual([]);
    const stored = await store.getRun(listened.id);
    expect(entry).toMatchObject({ before: null, after: stored, attempt: 1 });
    expect(entry!.id).toBe(`run_created:${listened.id}:${stored!.updatedAt}`);
    // The same event again is a duplicate: nothing more is queued.
    await store.recordEvent(event, [aRun({ action: deploy })]);
    expect(await countRows(db, 'chain_outbox')).toBe(1);
    expect(await store.completeChainEntry(entry!.id, 'a')).toBe(true);
    expect(await countRows(db, 'chain_outbox')).toBe(0);
  });

  it('queues nothing without a filter', async () => {
    const { db, store } = await open(null);
    const run = aRun({ action: deploy });
    await store.recordEvent(anEvent(), [run]);
    await store.patchRun(run.id, { status: 'SUCCESS' });
    expect(await countRows(db, 'chain_outbox')).toBe(0);
  });

  it('queues RUN_UPDATED with before and after for a patch, a closing log and a visible result', async () => {
    const { store, clock } = await open();
    const runs = [aRun({ action: deploy }), aRun({ action: deploy }), aRun({ action: deploy })];
    await store.recordEvent(anEvent(), runs);
    const created = await store.claimChainEntries({ owner: 'a', limit: 10, leaseMs: LEASE });
    for (const entry of created) await store.completeChainEntry(entry.id, 'a');
    clock.advance(10);
    const patched = await store.patchRun(runs[0]!.id, { statusLabel: 'Deploying' });
    const logged = await store.addRunLog(runs[1]!.id, {
      message: 'done',
      terminationStatus: 'SUCCESS',
    });
    // Logs alone change nothing visible: no RUN_UPDATED; a status does.
    await store.setRunResult(runs[2]!.id, { logs: ['attempt 1 failed'] });
    const result = await store.setRunResult(runs[2]!.id, { status: 'FAILURE', logs: ['gave up'] });
    const entries = await store.claimChainEntries({ owner: 'a', limit: 10, leaseMs: LEASE });
    const changes = [patched, logged.change!, result];
    expect(entries.map((e) => [e.before, e.after])).toEqual(
      changes.map((c) => [c.before, c.after]),
    );
    expect(entries.map((e) => e.id)).toEqual(
      changes.map((c) => `run_updated:${c.after.id}:${c.after.updatedAt}`),
    );
  });

  it('leaves a claimed entry to its owner until the lease ends, then hands it on', async () => {
    const { store, clock } = await open();
    await store.recordEvent(anEvent(), [aRun({ action: deploy })]);
    const [first] = await store.claimChainEntries({ owner: 'crashed', limit: 1, leaseMs: LEASE });
    expect(await store.claimChainEntries({ owner: 'b', limit: 1, leaseMs: LEASE })).toEqual([]);
    clock.advance(LEASE);
    const [again] = await store.claimChainEntries({ owner: 'b', limit: 1, leaseMs: LEASE });
    expect(again).toMatchObject({ id: first!.id, attempt: 2 });
    expect(await store.completeChainEntry(first!.id, 'crashed')).toBe(false);
    expect(await store.completeChainEntry(first!.id, 'b')).toBe(true);
  });

  it('queues RUN_CREATED for the runs of fired timers in the same transaction', async () => {
    const { db, store, clock } = await open();
    const key: TimerKey = { blueprint: 'environment', entity: 'e1', property: 'ttl' };
    await store.timers.schedule(
      [
        {
          key,
          dueAt: clock.ms,
          value: new Date(clock.ms).toISOString(),
          entity: { identifier: 'e1', blueprint: 'environment', properties: {} },
          scheduledBy: null,
          sourceEventId: null,
        },
      ],
      clock.ms,
    );
    const [timer] = await store.timers.claimDue({
      owner: 'r',
      limit: 1,
      leaseMs: LEASE,
      now: clock.ms,
    });
    const run = aRun({ action: deploy });
    await store.timers.recordFired(timer!.claim, [
      { timerId: timer!.id, event: anEvent({ source: 'timer' }), runs: [run, aRun()] },
    ]);
    const entries = await store.claimChainEntries({ owner: 'a', limit: 10, leaseMs: LEASE });
    expect(entries.map((e) => e.after.id)).toEqual([run.id]);
    expect(await countRows(db, 'chain_outbox')).toBe(1);
  });
}
