import { expect, it } from 'vitest';
import { newId, newRunId } from '../../../core/runs/new-run-id.js';
import { isStoreError } from '../../../bot/store/store-error.js';
import type { Store } from '../../../bot/store/store.js';
import {
  anAttempt,
  aRun,
  anEvent,
  countRows,
  TestClock,
  type StoreHarness,
} from './store-fixtures.js';

/** What the web UI reads and does: run filters and pages, attempts, events, links, actions. */
export function uiContract(harness: StoreHarness): void {
  async function open(clock = new TestClock()) {
    const db = await harness.createDatabase();
    return { db, store: await db.open({ now: clock.now }), clock };
  }

  /** Stores one event with one run per `overrides`, `stepMs` apart. */
  async function seed(store: Store, clock: TestClock, count: number, overrides = {}) {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      clock.advance(10);
      const run = aRun({ delivery: null, ...overrides });
      await store.recordEvent(anEvent(), [run]);
      ids.push(run.id);
    }
    return ids;
  }

  it('filters runs by status, time range, blueprint and id or event id prefix', async () => {
    const { store, clock } = await open();
    const start = clock.ms;
    const ok = await seed(store, clock, 3, { status: 'SUCCESS' });
    const middle = clock.ms;
    const failed = await seed(store, clock, 2, {
      status: 'FAILURE',
      blueprint: { identifier: 'db' },
    });
    const open_ = await seed(store, clock, 1);
    const ids = async (filter: Parameters<Store['listRuns']>[0]) =>
      (await store.listRuns(filter)).map((run) => run.id);
    expect(await ids({ status: ['SUCCESS'] })).toEqual([...ok].reverse());
    expect(await ids({ status: ['FAILURE', 'IN_PROGRESS'] })).toEqual([
      ...open_,
      ...failed.reverse(),
    ]);
    expect(await ids({ blueprint: 'db' })).toEqual(failed);
    expect(await ids({ fromMs: start, toMs: middle + 1 })).toEqual([...ok].reverse());
    expect(await ids({ idPrefix: ok[1]!.slice(0, 12) })).toContain(ok[1]);
    expect(await ids({ idPrefix: ok[1]! })).toEqual([ok[1]]);
    const run = (await store.getRun(ok[0]!))!;
    expect(await ids({ idPrefix: run.eventId!.slice(0, run.eventId!.length - 2) })).toContain(
      ok[0],
    );
    expect(await ids({ idPrefix: 'zz_nothing' })).toEqual([]);
  });

  it('pages newest first with the keyset cursor, across pages, with no run twice', async () => {
    const { store, clock } = await open();
    const all = (await seed(store, clock, 7)).reverse();
    const seen: string[] = [];
    let after: { createdAtMs: number; id: string } | undefined;
    for (;;) {
      const page = await store.listRuns({ limit: 3, ...(after ? { after } : {}) });
      seen.push(...page.map((run) => run.id));
      if (page.length < 3) break;
      const last = page.at(-1)!;
      after = { createdAtMs: Date.parse(last.createdAt), id: last.id };
    }
    expect(seen).toEqual(all);
  });

  it('records delivery attempts with their retry and result, in order, counted on the run', async () => {
    const { store, clock } = await open();
    const run = aRun();
    await store.recordEvent(anEvent(), [run]);
    await store.claimDeliveries({ owner: 'a', limit: 1, leaseMs: 60_000 });
    await store.retryDelivery(run.id, 'a', {
      nextAttemptAt: clock.ms + 1000,
      error: 'HTTP 503',
      attempt: anAttempt({
        startedAt: clock.ms,
        durationMs: 12.4,
        statusCode: 503,
        error: 'HTTP 503',
        responseExcerpt: 'busy',
        nextAttemptAt: clock.ms + 1000,
      }),
    });
    expect((await store.getRun(run.id))?.attempts).toBe(1);
    clock.advance(1000);
    const [claim] = await store.claimDeliveries({ owner: 'a', limit: 1, leaseMs: 60_000 });
    expect(claim?.run.attempts).toBe(1);
    const { before, after } = await store.setRunResult(run.id, {
      status: 'SUCCESS',
      completeDeliveryOf: 'a',
      attempt: anAttempt({ n: 2, startedAt: clock.ms, responseExcerpt: '{"ok":true}' }),
    });
    expect([before.attempts, after.attempts]).toEqual([1, 2]);
    expect(await store.listDeliveryAttempts(run.id)).toEqual([
      {
        n: 1,
        startedAt: new Date(clock.ms - 1000).toISOString(),
        durationMs: 12,
        statusCode: 503,
        error: 'HTTP 503',
        responseExcerpt: 'busy',
        nextAttemptAt: new Date(clock.ms).toISOString(),
      },
      expect.objectContaining({ n: 2, statusCode: 200, error: null, nextAttemptAt: null }),
    ]);
    expect(await store.getRun(run.id)).toEqual(after);
    expect(await store.listDeliveryAttempts('r_other')).toEqual([]);
  });

  it('records an attempt whose result came after the run ended, changing nothing else', async () => {
    const { store, clock } = await open();
    const run = aRun();
    await store.recordEvent(anEvent(), [run]);
    await store.claimDeliveries({ owner: 'a', limit: 1, leaseMs: 60_000 });
    await store.patchRun(run.id, { status: 'FAILURE', summary: 'cancelled' });
    const { applied, after } = await store.setRunResult(run.id, {
      status: 'SUCCESS',
      completeDeliveryOf: 'a',
      attempt: anAttempt({ startedAt: clock.ms }),
    });
    expect(applied).toBe(false);
    expect(after).toMatchObject({ status: 'FAILURE', summary: 'cancelled', attempts: 1 });
    expect(await store.getRun(run.id)).toEqual(after);
    expect((await store.listDeliveryAttempts(run.id)).map((a) => a.n)).toEqual([1]);
  });

  it('shows the retry time of a run waiting for a retry', async () => {
    const { store, clock } = await open();
    const run = aRun();
    await store.recordEvent(anEvent(), [run]);
    await store.claimDeliveries({ owner: 'a', limit: 1, leaseMs: 60_000 });
    expect((await store.getRun(run.id))?.nextAttemptAt).toBeNull();
    await store.retryDelivery(run.id, 'a', { nextAttemptAt: clock.ms + 5000, error: 'HTTP 500' });
    const [listed] = await store.listRuns({});
    expect(listed?.nextAttemptAt).toBe(new Date(clock.ms + 5000).toISOString());
  });

  it('counts duplicate receipts of an event id and lists events with filters and pages', async () => {
    const { store, clock } = await open();
    const events = [];
    for (const entity of ['svc-a', 'svc-b', 'svc-a', 'svc-c']) {
      clock.advance(10);
      const event = anEvent({
        body: {
          action: 'CREATE',
          resourceType: 'entity',
          context: { blueprintIdentifier: 'service', entityIdentifier: entity },
        },
      });
      events.push(event);
      await store.recordEvent(event, []);
    }
    await store.recordEvent(events[0]!, [aRun()]);
    await store.recordEvent(events[0]!, []);
    const first = (await store.getEvent(events[0]!.id))!;
    expect(first).toMatchObject({
      duplicates: 2,
      type: 'ENTITY_CREATED',
      entity: 'svc-a',
      runIds: [],
    });
    const listed = await store.listEvents({ entity: 'svc-a' });
    expect(listed.map((e) => e.id)).toEqual([events[2]!.id, events[0]!.id]);
    expect(listed[1]).toEqual({
      id: events[0]!.id,
      source: 'http',
      receivedAt: first.receivedAt,
      runIds: [],
      type: 'ENTITY_CREATED',
      blueprint: 'service',
      entity: 'svc-a',
      duplicates: 2,
    });
    expect(await store.listEvents({ type: 'ENTITY_DELETED' })).toEqual([]);
    expect((await store.listEvents({ idPrefix: events[3]!.id })).map((e) => e.id)).toEqual([
      events[3]!.id,
    ]);
    const page1 = await store.listEvents({ limit: 3 });
    const last = page1.at(-1)!;
    const page2 = await store.listEvents({
      limit: 3,
      after: { receivedAtMs: Date.parse(last.receivedAt), id: last.id },
    });
    expect([...page1, ...page2].map((e) => e.id)).toEqual(events.map((e) => e.id).reverse());
  });

  it('links a chained run to its parent and children, and a re-run both ways', async () => {
    const { store } = await open();
    const parent = aRun({ delivery: null });
    await store.recordEvent(anEvent(), [parent]);
    const child = aRun({ delivery: null, chainDepth: 1 });
    await store.recordEvent(
      {
        id: `run_created:${parent.id}:x`,
        source: 'internal',
        body: {
          action: 'CREATE',
          resourceType: 'run',
          diff: { before: null, after: { id: parent.id } },
        },
      },
      [child],
    );
    expect(await store.runLinks(child.id)).toEqual({ parent: parent.id, children: [], reruns: [] });
    const rerun = aRun({ triggerData: { run: { id: 'x' } } });
    const stored = await store.recordRerun(parent.id, rerun, 'ci-client');
    expect(stored).toMatchObject({
      id: rerun.id,
      rerunOf: parent.id,
      eventId: (await store.getRun(parent.id))!.eventId,
    });
    expect(stored.triggerData).toEqual({ run: { id: 'x' } });
    expect(await store.runLinks(parent.id)).toEqual({
      parent: null,
      children: [child.id],
      reruns: [rerun.id],
    });
    expect((await store.listRunLogs(rerun.id)).map((l) => l.message)).toEqual([
      `Re-run of ${parent.id} by ci-client`,
    ]);
    expect((await store.listRunLogs(parent.id)).map((l) => l.message)).toEqual([
      `Re-run by ci-client as ${rerun.id}`,
    ]);
    const claimed = await store.claimDeliveries({ owner: 'a', limit: 5, leaseMs: 1000 });
    expect(claimed.map((c) => c.run.id)).toEqual([rerun.id]);
    await expect(store.runLinks('r_missing')).rejects.toSatisfy((e) =>
      isStoreError(e, 'not_found'),
    );
  });

  it('cancels a run waiting for delivery atomically, and refuses one being delivered or ended', async () => {
    const { db, store } = await open();
    const [waiting, delivering] = [aRun(), aRun()];
    await store.recordEvent(anEvent(), [waiting, delivering]);
    await store.claimDeliveries({ owner: 'a', limit: 1, leaseMs: 60_000 }).then(async (claimed) => {
      // Whichever was claimed is "delivering"; release the other for the test's names.
      expect(claimed).toHaveLength(1);
    });
    const claimedId = (await db.sql("SELECT run_id FROM outbox WHERE claimed_by = 'a'"))[0]!
      .run_id as string;
    const freeId = claimedId === waiting.id ? delivering.id : waiting.id;
    const { before, after } = await store.cancelRun(freeId, 'ada');
    expect(before.status).toBe('IN_PROGRESS');
    expect(after).toMatchObject({ status: 'FAILURE', statusLabel: 'Cancelled', updatedBy: 'ada' });
    expect(await store.getRun(freeId)).toMatchObject({
      status: 'FAILURE',
      statusLabel: 'Cancelled',
    });
    expect((await store.listRunLogs(freeId)).map((l) => l.message)).toEqual(['Cancelled by ada']);
    expect(await db.sql(`SELECT run_id FROM outbox WHERE run_id = '${freeId}'`)).toEqual([]);
    for (const id of [claimedId, freeId]) {
      await expect(store.cancelRun(id, 'ada')).rejects.toSatisfy((e) =>
        isStoreError(e, 'not_cancellable'),
      );
    }
    expect(await countRows(db, 'outbox')).toBe(1);
    await expect(store.cancelRun('r_missing', 'ada')).rejects.toSatisfy((e) =>
      isStoreError(e, 'not_found'),
    );
  });

  it('replays an event: dedupes per automation unless forced, records every replay', async () => {
    const { store } = await open();
    const event = anEvent();
    const original = aRun({ delivery: null });
    await store.recordEvent(event, [original]);
    const again = () => aRun({ id: newRunId(), delivery: null });
    const other = () =>
      aRun({ delivery: null, action: { identifier: 'open_ticket', title: null } });
    const dry = await store.recordReplay(event.id, [again(), other()], {
      by: 'ada',
      dryRun: true,
      force: false,
    });
    expect(dry).toEqual({ runIds: [], skipped: ['notify_slack'] });
    expect((await store.getEvent(event.id))?.runIds).toEqual([original.id]);
    const ticket = other();
    const real = await store.recordReplay(event.id, [again(), ticket], {
      by: 'ada',
      dryRun: false,
      force: false,
    });
    expect(real).toEqual({ runIds: [ticket.id], skipped: ['notify_slack'] });
    const forcedRun = again();
    const forced = await store.recordReplay(event.id, [forcedRun], {
      by: 'bob',
      dryRun: false,
      force: true,
    });
    expect(forced.runIds).toEqual([forcedRun.id]);
    const stored = (await store.getEvent(event.id))!;
    expect(stored.runIds).toEqual([original.id, ticket.id, forcedRun.id]);
    expect(stored.replays.map((r) => [r.by, r.dryRun, r.force, r.runIds])).toEqual([
      ['ada', true, false, []],
      ['ada', false, false, [ticket.id]],
      ['bob', false, true, [forcedRun.id]],
    ]);
    expect((await store.getRun(ticket.id))?.eventId).toBe(event.id);
    await expect(
      store.recordReplay(newId('evt_'), [], { by: 'ada', dryRun: true, force: false }),
    ).rejects.toSatisfy((e) => isStoreError(e, 'not_found'));
  });

  it('counts runs per action since a time with the newest run of each', async () => {
    const { store, clock } = await open();
    await seed(store, clock, 1, { status: 'SUCCESS' });
    const since = clock.ms + 1;
    const newer = await seed(store, clock, 3, { status: 'SUCCESS' });
    await seed(store, clock, 1, { status: 'FAILURE' });
    const open_ = await seed(store, clock, 1, { action: { identifier: 'deploy', title: null } });
    const stats = await store.runStats(since, ['notify_slack', 'deploy', 'idle']);
    const by = Object.fromEntries(stats.map((s) => [s.action, s]));
    expect(by.notify_slack).toMatchObject({ runs: 4, ended: 4, succeeded: 3 });
    expect(by.notify_slack?.lastRun?.status).toBe('FAILURE');
    expect(by.deploy).toMatchObject({ runs: 1, ended: 0, succeeded: 0, lastRun: { id: open_[0] } });
    expect(by.idle).toEqual({ action: 'idle', runs: 0, ended: 0, succeeded: 0, lastRun: null });
    expect(newer).toHaveLength(3);
  });
}
