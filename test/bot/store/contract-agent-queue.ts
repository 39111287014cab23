import { expect, it } from 'vitest';
import { aRun, anEvent, countRows, TestClock } from './store-fixtures.js';
import type { StoreHarness } from './store-fixtures.js';

const LEASE = 60_000;
const QUEUED = 'Waiting for an execution agent';
const ACKED = 'Acknowledged by the execution agent';

/** WEBHOOK runs with `agent: true`: moved off the outbox, claimed and acknowledged by agents. */
export function agentQueueContract(harness: StoreHarness): void {
  /** `count` runs, each claimed by the deliverer `worker` and moved to the agent queue. */
  async function queued(count: number) {
    const clock = new TestClock();
    const db = await harness.createDatabase();
    const store = await db.open({ now: clock.now });
    const runs = Array.from({ length: count }, () => aRun());
    for (const run of runs) {
      await store.recordEvent(anEvent(), [run]);
      clock.advance(1);
    }
    if (count > 0) {
      const claims = await store.claimDeliveries({ owner: 'worker', limit: count, leaseMs: 1 });
      for (const claim of claims) {
        expect(await store.queueForAgent(claim.run.id, 'worker', QUEUED)).toBe(true);
        clock.advance(1);
      }
    }
    return { db, store, runs, clock };
  }

  it('moves a run from the outbox to the agent queue, logged, only for the claim holder', async () => {
    const { db, store, runs } = await queued(1);
    expect(await countRows(db, 'outbox')).toBe(0);
    expect(await countRows(db, 'agent_queue')).toBe(1);
    expect((await store.listRunLogs(runs[0]!.id)).map((l) => l.message)).toEqual([QUEUED]);
    // Off the outbox: the deliverer never sees it again.
    expect(await store.claimDeliveries({ owner: 'worker', limit: 5, leaseMs: LEASE })).toEqual([]);
    const other = aRun();
    await store.recordEvent(anEvent(), [other]);
    await store.claimDeliveries({ owner: 'worker', limit: 1, leaseMs: LEASE });
    expect(await store.queueForAgent(other.id, 'someone-else', QUEUED)).toBe(false);
    expect(await countRows(db, 'agent_queue')).toBe(1);
  });

  it('claims oldest first up to the limit, each once while its claim lasts', async () => {
    const { store, runs, clock } = await queued(3);
    const first = await store.claimAgentRuns({ claimant: 'agent', limit: 2, leaseMs: LEASE });
    expect(first.map((c) => c.run.id)).toEqual([runs[0]!.id, runs[1]!.id]);
    expect(first[0]).toMatchObject({ claimedUntil: clock.ms + LEASE, claims: 1 });
    expect(first[0]!.run.delivery).toEqual(runs[0]!.delivery);
    const second = await store.claimAgentRuns({ claimant: 'agent-2', limit: 5, leaseMs: LEASE });
    expect(second.map((c) => c.run.id)).toEqual([runs[2]!.id]);
    expect(await store.claimAgentRuns({ claimant: 'agent', limit: 5, leaseMs: LEASE })).toEqual([]);
  });

  it('hands an unacknowledged run out again once its claim expired', async () => {
    const { store, runs, clock } = await queued(1);
    await store.claimAgentRuns({ claimant: 'died', limit: 1, leaseMs: LEASE });
    clock.advance(LEASE - 1);
    expect(await store.claimAgentRuns({ claimant: 'b', limit: 1, leaseMs: LEASE })).toEqual([]);
    clock.advance(1);
    const [again] = await store.claimAgentRuns({ claimant: 'b', limit: 1, leaseMs: LEASE });
    expect(again).toMatchObject({ run: { id: runs[0]!.id }, claims: 2 });
  });

  it('acknowledges claimed runs only, once, logging it on each', async () => {
    const { db, store, runs } = await queued(3);
    await store.claimAgentRuns({ claimant: 'agent', limit: 2, leaseMs: LEASE });
    const ids = runs.map((r) => r.id);
    // The third run is queued but unclaimed; an unknown id is ignored.
    const acked = await store.ackAgentRuns([...ids, ids[0]!, 'r_unknown'], ACKED);
    expect(acked).toEqual([ids[0]!, ids[1]!].sort());
    expect(await store.ackAgentRuns([ids[0]!], ACKED)).toEqual([]);
    expect(await store.ackAgentRuns([], ACKED)).toEqual([]);
    expect(await countRows(db, 'agent_queue')).toBe(1);
    expect((await store.listRunLogs(ids[0]!)).map((l) => l.message)).toEqual([QUEUED, ACKED]);
    expect((await store.listRunLogs(ids[2]!)).map((l) => l.message)).toEqual([QUEUED]);
    // Acknowledged runs stay IN_PROGRESS until the agent reports.
    expect((await store.getRun(ids[0]!))?.status).toBe('IN_PROGRESS');
  });

  it('drops a queued run that ends through the run API: no agent claims it', async () => {
    const { db, store, runs } = await queued(2);
    await store.patchRun(runs[0]!.id, { status: 'FAILURE', summary: 'cancelled' });
    await store.addRunLog(runs[1]!.id, { message: 'done', terminationStatus: 'SUCCESS' });
    expect(await countRows(db, 'agent_queue')).toBe(0);
    expect(await store.claimAgentRuns({ claimant: 'agent', limit: 5, leaseMs: LEASE })).toEqual([]);
  });

  it('refuses a bad claim limit or lease', async () => {
    const { store } = await queued(0);
    await expect(store.claimAgentRuns({ claimant: 'a', limit: 0, leaseMs: LEASE })).rejects.toThrow(
      /positive integer/,
    );
    await expect(store.claimAgentRuns({ claimant: 'a', limit: 1, leaseMs: 0 })).rejects.toThrow(
      /leaseMs/,
    );
  });
}
