import { expect, it } from 'vitest';
import { isStoreError } from '../../../bot/store/store-error.js';
import type { StoreErrorCode } from '../../../bot/store/store-error.js';
import type { RunPatch } from '../../../bot/store/store.js';
import { toPortRun } from '../../../bot/store/to-port-run.js';
import { aRun, anEvent, countRows, TestClock } from './store-fixtures.js';
import type { StoreHarness } from './store-fixtures.js';

const failsWith = (code: StoreErrorCode) => (error: unknown) => isStoreError(error, code);

export function runContract(harness: StoreHarness): void {
  async function storeWithRun(clock = new TestClock()) {
    const db = await harness.createDatabase();
    const store = await db.open({ now: clock.now });
    const run = aRun();
    const event = anEvent();
    await store.recordEvent(event, [run]);
    return { db, store, run, event, clock };
  }

  it('returns every stored field of a run, and null for an unknown id', async () => {
    const { store, run, event, clock } = await storeWithRun();
    const created = new Date(clock.ms).toISOString();
    expect(await store.getRun(run.id)).toEqual({
      id: run.id,
      status: 'IN_PROGRESS',
      statusLabel: null,
      link: [],
      summary: null,
      externalRunId: null,
      action: { identifier: 'notify_slack', title: 'Notify Slack' },
      blueprint: { identifier: 'service', title: 'Service' },
      entity: { identifier: 'svc-a', title: 'Service A' },
      properties: {},
      source: 'AUTOMATION',
      payload: run.payload,
      response: null,
      createdAt: created,
      updatedAt: created,
      endedAt: null,
      createdBy: 'user_ada',
      createdByEmail: 'ada@example.com',
      updatedBy: 'user_ada',
      eventId: event.id,
      origin: run.origin,
      backendType: 'WEBHOOK',
      chainDepth: 0,
      delivery: run.delivery,
      attempts: 0,
      rerunOf: null,
      triggerData: null,
      eventType: 'ENTITY_UPDATED',
      nextAttemptAt: null,
    });
    expect(await store.getRun('r_missing')).toBeNull();
  });

  it('keeps the rendered payload byte for byte, key order included', async () => {
    const store = await (await harness.createDatabase()).open();
    const payload = { zeta: 1, alpha: { url: 'https://x.example.com/?b=2&a=1', list: [3, 1] } };
    const run = aRun({ payload, properties: { second: 2, first: 1 } });
    await store.recordEvent(anEvent(), [run]);
    const stored = await store.getRun(run.id);
    expect(JSON.stringify(stored?.payload)).toBe(JSON.stringify(payload));
    expect(Object.keys(stored?.properties ?? {})).toEqual(['second', 'first']);
  });

  it("maps a run to exactly Port's run JSON", async () => {
    const { store, run } = await storeWithRun();
    const port = toPortRun((await store.getRun(run.id))!);
    expect(Object.keys(port)).toEqual([
      'id',
      'status',
      'statusLabel',
      'action',
      'blueprint',
      'entity',
      'properties',
      'source',
      'requiredApproval',
      'link',
      'summary',
      'externalRunId',
      'payload',
      'response',
      'endedAt',
      'createdBy',
      'updatedBy',
      'createdAt',
      'updatedAt',
    ]);
    expect(port.action).toEqual({
      identifier: 'notify_slack',
      title: 'Notify Slack',
      icon: null,
      deleted: false,
    });
    expect(port.payload).toEqual(run.payload);
  });

  it('replaces each given key, keeps the others, and returns the run before and after', async () => {
    const { store, run, clock } = await storeWithRun();
    await store.patchRun(run.id, { summary: 'first', externalRunId: 'gh-1', link: ['a', 'b'] });
    clock.advance(1000);
    const { before, after } = await store.patchRun(run.id, {
      summary: 'second',
      link: ['c'],
      updatedBy: 'user_bob',
    });
    expect(before).toMatchObject({ summary: 'first', link: ['a', 'b'], externalRunId: 'gh-1' });
    expect(after).toMatchObject({ summary: 'second', link: ['c'], externalRunId: 'gh-1' });
    expect(after.updatedBy).toBe('user_bob');
    expect(after.updatedAt).toBe(new Date(clock.ms).toISOString());
    expect(await store.getRun(run.id)).toEqual(after);
  });

  it('turns a link string into a one-element list', async () => {
    const { store, run } = await storeWithRun();
    const { after } = await store.patchRun(run.id, { link: 'https://ci.example.com/1' });
    expect(after.link).toEqual(['https://ci.example.com/1']);
  });

  it('keeps a run IN_PROGRESS when only its status label changes', async () => {
    const { store, run } = await storeWithRun();
    const { after } = await store.patchRun(run.id, { statusLabel: 'Deploying' });
    expect(after).toMatchObject({ status: 'IN_PROGRESS', statusLabel: 'Deploying', endedAt: null });
  });

  it('ends the run on SUCCESS or FAILURE and refuses any later change (status, label, fields) with run_exhausted', async () => {
    const { store, run, clock } = await storeWithRun();
    clock.advance(5000);
    const { after } = await store.patchRun(run.id, { status: 'FAILURE' });
    expect(after.status).toBe('FAILURE');
    expect(after.endedAt).toBe(new Date(clock.ms).toISOString());
    const again = store.patchRun(run.id, { summary: 'too late' });
    await expect(again).rejects.toSatisfy(failsWith('run_exhausted'));
    const log = store.addRunLog(run.id, { message: 'too late', statusLabel: 'Late' });
    await expect(log).rejects.toSatisfy(failsWith('run_exhausted'));
    expect((await store.getRun(run.id))?.summary).toBeNull();
  });

  it('cancels the pending delivery of a run that ends', async () => {
    const { db, store, run } = await storeWithRun();
    await store.patchRun(run.id, { status: 'SUCCESS' });
    expect(await countRows(db, 'outbox')).toBe(0);
  });

  it('refuses other statuses, unknown keys and wrong types with invalid_request', async () => {
    const { store, run } = await storeWithRun();
    const bad: unknown[] = [
      { status: 'IN_PROGRESS' },
      { status: 'DECLINED' },
      { message: 'deprecated keys are not stored' },
      { link: [1] },
      { summary: 5 },
    ];
    for (const patch of bad) {
      const result = store.patchRun(run.id, patch as RunPatch);
      await expect(result).rejects.toSatisfy(failsWith('invalid_request'));
    }
    expect((await store.getRun(run.id))?.status).toBe('IN_PROGRESS');
  });

  it('fails with not_found for an unknown run', async () => {
    const { store } = await storeWithRun();
    await expect(store.patchRun('r_missing', { summary: 'x' })).rejects.toSatisfy(
      failsWith('not_found'),
    );
  });

  it('serialises concurrent patches from two replicas: each sees the other as before', async () => {
    const { db, store, run } = await storeWithRun();
    const other = await db.open();
    const [first, second] = await Promise.all([
      store.patchRun(run.id, { summary: 'from a' }),
      other.patchRun(run.id, { statusLabel: 'from b' }),
    ]);
    const [earlier, later] =
      first.before.statusLabel === 'from b' ? [second, first] : [first, second];
    expect(later.before).toEqual(earlier.after);
    expect(await store.getRun(run.id)).toMatchObject({ summary: 'from a', statusLabel: 'from b' });
  });

  it('filters runs by entity, blueprint, action, external run id, user, source and activity', async () => {
    const db = await harness.createDatabase();
    const store = await db.open();
    const deploy = aRun({ action: { identifier: 'deploy' }, source: 'UI', createdBy: 'user_bob' });
    const other = aRun({
      entity: { identifier: 'svc-b' },
      blueprint: { identifier: 'cluster' },
      createdByEmail: 'bob@example.com',
    });
    const plain = aRun();
    await store.recordEvent(anEvent(), [deploy, other, plain]);
    await store.patchRun(plain.id, { externalRunId: 'ext-9', status: 'SUCCESS' });
    const ids = async (filter: Parameters<typeof store.listRuns>[0]) =>
      (await store.listRuns(filter)).map((r) => r.id).sort();
    expect(await ids({ entity: 'svc-b' })).toEqual([other.id]);
    expect(await ids({ blueprint: 'service' })).toEqual([deploy.id, plain.id].sort());
    expect(await ids({ action: 'deploy' })).toEqual([deploy.id]);
    expect(await ids({ externalRunId: 'ext-9' })).toEqual([plain.id]);
    expect(await ids({ userId: 'user_bob' })).toEqual([deploy.id]);
    expect(await ids({ userEmail: 'bob@example.com' })).toEqual([other.id]);
    expect(await ids({ source: ['UI', 'API'] })).toEqual([deploy.id]);
    expect(await ids({ source: [] })).toEqual([]);
    expect(await ids({ active: false })).toEqual([plain.id]);
    expect(await ids({ active: true, blueprint: 'service' })).toEqual([deploy.id]);
  });

  it('lists runs newest first up to the limit, and refuses a limit outside 1–1000', async () => {
    const clock = new TestClock();
    const db = await harness.createDatabase();
    const store = await db.open({ now: clock.now });
    const runs = [aRun(), aRun(), aRun()];
    for (const run of runs) {
      await store.recordEvent(anEvent(), [run]);
      clock.advance(10);
    }
    expect((await store.listRuns({ limit: 2 })).map((r) => r.id)).toEqual([
      runs[2]!.id,
      runs[1]!.id,
    ]);
    for (const limit of [0, 1001, 1.5]) {
      await expect(store.listRuns({ limit })).rejects.toSatisfy(failsWith('invalid_request'));
    }
  });
}
