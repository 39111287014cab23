import { expect, it } from 'vitest';
import { isStoreError } from '../../../bot/store/store-error.js';
import { anAttempt, aRun, anEvent, countRows, TestClock } from './store-fixtures.js';
import type { StoreHarness } from './store-fixtures.js';

export function logContract(harness: StoreHarness): void {
  async function storeWithRun() {
    const clock = new TestClock();
    const db = await harness.createDatabase();
    const store = await db.open({ now: clock.now });
    const run = aRun();
    await store.recordEvent(anEvent(), [run]);
    return { db, store, run, clock };
  }

  it('adds logs and lists them oldest first, with limit and offset', async () => {
    const { store, run, clock } = await storeWithRun();
    const first = await store.addRunLog(run.id, { message: 'one', createdBy: 'user_ada' });
    expect(first.log).toMatchObject({
      runId: run.id,
      message: 'one',
      createdBy: 'user_ada',
      createdAt: new Date(clock.ms).toISOString(),
    });
    expect(first.log.id).toMatch(/^rl_/);
    for (const message of ['two', 'three', 'four']) await store.addRunLog(run.id, { message });
    const page = await store.listRunLogs(run.id, { limit: 2, offset: 1 });
    expect(page.map((l) => l.message)).toEqual(['two', 'three']);
    expect((await store.listRunLogs(run.id))[0]).toEqual(first.log);
  });

  it('reports no run change for a plain log (logs do not fire RUN_UPDATED)', async () => {
    const { store, run } = await storeWithRun();
    const { change } = await store.addRunLog(run.id, { message: 'progress' });
    expect(change).toBeNull();
    expect((await store.getRun(run.id))?.status).toBe('IN_PROGRESS');
  });

  it('closes the run with a terminationStatus and its label; afterwards refuses any change', async () => {
    const { store, run } = await storeWithRun();
    const { change } = await store.addRunLog(run.id, {
      message: 'done',
      terminationStatus: 'SUCCESS',
      statusLabel: 'Deployed',
    });
    expect(change?.before.status).toBe('IN_PROGRESS');
    expect(change?.after).toMatchObject({ status: 'SUCCESS', statusLabel: 'Deployed' });
    expect(change?.after.endedAt).not.toBeNull();
    for (const attempt of [
      store.addRunLog(run.id, { message: 'again', terminationStatus: 'FAILURE' }),
      store.patchRun(run.id, { statusLabel: 'changed' }),
    ]) {
      await expect(attempt).rejects.toSatisfy((e) => isStoreError(e, 'run_exhausted'));
    }
    expect(await store.listRunLogs(run.id)).toHaveLength(1);
  });

  it('accepts a plain log on an ended run (port-agent logs after reporting), not a status or label', async () => {
    const { store, run } = await storeWithRun();
    await store.patchRun(run.id, { status: 'SUCCESS' });
    const late = await store.addRunLog(run.id, {
      message: 'Port agent finished processing the action run',
      createdBy: 'agent-client',
    });
    expect(late.change).toBeNull();
    expect(late.log).toMatchObject({ runId: run.id, createdBy: 'agent-client' });
    for (const attempt of [
      store.addRunLog(run.id, { message: 'relabel', statusLabel: 'Done' }),
      store.addRunLog(run.id, { message: 'reopen', terminationStatus: 'FAILURE' }),
    ]) {
      await expect(attempt).rejects.toSatisfy((e) => isStoreError(e, 'run_exhausted'));
    }
    expect((await store.listRunLogs(run.id)).map((l) => l.message)).toEqual([
      'Port agent finished processing the action run',
    ]);
    expect(await store.getRun(run.id)).toMatchObject({ status: 'SUCCESS', statusLabel: null });
  });

  it('stores a reported response on an open or ended run without changing its status', async () => {
    const { store, run, clock } = await storeWithRun();
    clock.advance(5);
    const open = await store.setRunResponse(run.id, { deployed: true, id: 7 }, 'agent-client');
    expect(open).toMatchObject({
      status: 'IN_PROGRESS',
      response: { deployed: true, id: 7 },
      updatedBy: 'agent-client',
      updatedAt: new Date(clock.ms).toISOString(),
    });
    expect(await store.getRun(run.id)).toEqual(open);
    await store.patchRun(run.id, { status: 'FAILURE' });
    const ended = await store.setRunResponse(run.id, 'plain text answer');
    expect(ended).toMatchObject({ status: 'FAILURE', response: 'plain text answer' });
    expect((await store.getRun(run.id))?.response).toBe('plain text answer');
    expect((await store.setRunResponse(run.id, null)).response).toBeNull();
    const missing = store.setRunResponse('r_missing', {});
    await expect(missing).rejects.toSatisfy((e) => isStoreError(e, 'not_found'));
  });

  it('refuses a bad terminationStatus, an unknown run and a log page over 50', async () => {
    const { store, run } = await storeWithRun();
    const bad = store.addRunLog(run.id, { message: 'x', terminationStatus: 'DONE' as 'SUCCESS' });
    await expect(bad).rejects.toSatisfy((e) => isStoreError(e, 'invalid_request'));
    const missing = store.addRunLog('r_missing', { message: 'x' });
    await expect(missing).rejects.toSatisfy((e) => isStoreError(e, 'not_found'));
    const page = store.listRunLogs(run.id, { limit: 51 });
    await expect(page).rejects.toSatisfy((e) => isStoreError(e, 'invalid_request'));
  });

  it('applies a delivery result in one go and completes the claimed delivery', async () => {
    const { db, store, run } = await storeWithRun();
    await store.claimDeliveries({ owner: 'worker-1', limit: 1, leaseMs: 60_000 });
    const { before, after, applied, completed } = await store.setRunResult(run.id, {
      status: 'SUCCESS',
      response: { ok: true },
      link: ['https://ci.example.com/42'],
      externalRunId: '42',
      summary: 'Delivered: 200',
      logs: ['Sending the request', 'Answered 200'],
      completeDeliveryOf: 'worker-1',
    });
    expect(applied).toBe(true);
    expect(completed).toBe(true);
    expect(before.status).toBe('IN_PROGRESS');
    expect(after).toMatchObject({
      status: 'SUCCESS',
      response: { ok: true },
      link: ['https://ci.example.com/42'],
      externalRunId: '42',
      summary: 'Delivered: 200',
    });
    expect(await store.getRun(run.id)).toEqual(after);
    expect((await store.listRunLogs(run.id)).map((l) => l.message)).toEqual([
      'Sending the request',
      'Answered 200',
    ]);
    expect(await countRows(db, 'outbox')).toBe(0);
  });

  it('applies a delivery result on top of a change made after the claim', async () => {
    const { store, run } = await storeWithRun();
    await store.claimDeliveries({ owner: 'worker-1', limit: 1, leaseMs: 60_000 });
    // The run API changes the run while the backend is being called; the attempt is counted.
    await store.patchRun(run.id, { statusLabel: 'Deploying', link: ['https://ci.example.com/1'] });
    const { before, after, completed } = await store.setRunResult(run.id, {
      status: 'SUCCESS',
      summary: 'Delivered: 200',
      completeDeliveryOf: 'worker-1',
      attempt: anAttempt(),
    });
    expect(completed).toBe(true);
    expect(before).toMatchObject({ statusLabel: 'Deploying', link: ['https://ci.example.com/1'] });
    expect(after).toMatchObject({
      status: 'SUCCESS',
      statusLabel: 'Deploying',
      link: ['https://ci.example.com/1'],
      summary: 'Delivered: 200',
      attempts: 1,
    });
    expect(await store.getRun(run.id)).toEqual(after);
    // Once: the optimistic write that saw the PATCH wrote nothing, the locking one the attempt.
    expect(await store.listDeliveryAttempts(run.id)).toHaveLength(1);
  });

  it("returns the run as stored after each result, the delivery's attempts counted", async () => {
    const { store, run } = await storeWithRun();
    await store.claimDeliveries({ owner: 'worker-1', limit: 1, leaseMs: 60_000 });
    const first = await store.setRunResult(run.id, { logs: ['Sent'], attempt: anAttempt() });
    expect([first.before.attempts, first.after.attempts]).toEqual([0, 1]);
    expect(await store.getRun(run.id)).toEqual(first.after);
    const { before, after } = await store.setRunResult(run.id, {
      status: 'SUCCESS',
      completeDeliveryOf: 'worker-1',
      attempt: anAttempt({ n: 2 }),
    });
    expect(before.attempts).toBe(1);
    expect(after).toMatchObject({ status: 'SUCCESS', attempts: 2 });
    expect(await store.getRun(run.id)).toEqual(after);
    expect((await store.listDeliveryAttempts(run.id)).map((a) => a.n)).toEqual([1, 2]);
  });

  it('writes results for many runs at once, each as if alone (PostgreSQL: in batches)', async () => {
    const clock = new TestClock();
    const db = await harness.createDatabase();
    const store = await db.open({ now: clock.now });
    const runs = Array.from({ length: 12 }, () => aRun());
    await store.recordEvent(anEvent(), runs);
    await store.claimDeliveries({ owner: 'worker-1', limit: 12, leaseMs: 60_000 });
    const [patched, ended, twice, ...rest] = runs.map((run) => run.id) as [string, ...string[]];
    // After the claim: one run is changed (its result must see it), one is ended.
    await store.patchRun(patched, { statusLabel: 'Deploying' });
    await store.patchRun(ended!, { status: 'FAILURE', summary: 'cancelled' });
    const result = (n: number, logs: string[]) => ({
      status: 'SUCCESS' as const,
      summary: `Delivered ${n}`,
      logs,
      completeDeliveryOf: 'worker-1',
      attempt: anAttempt({ n }),
    });
    const changes = await Promise.all([
      ...[patched, ended!, ...rest].map((id) =>
        store.setRunResult(id, result(1, [`${id} a`, `${id} b`])),
      ),
      // Two results for one run in the same turn: both apply, one after the other.
      store.setRunResult(twice!, { logs: ['first'], attempt: anAttempt() }),
      store.setRunResult(twice!, result(2, ['second'])),
    ]);
    expect(await store.getRun(patched)).toMatchObject({
      status: 'SUCCESS',
      statusLabel: 'Deploying',
      summary: 'Delivered 1',
      attempts: 1,
    });
    expect(await store.getRun(ended!)).toMatchObject({
      status: 'FAILURE',
      summary: 'cancelled',
      attempts: 1,
    });
    for (const id of rest) {
      const run = await store.getRun(id);
      expect(run).toMatchObject({ status: 'SUCCESS', summary: 'Delivered 1', attempts: 1 });
      expect((await store.listRunLogs(id)).map((l) => l.message)).toEqual([`${id} a`, `${id} b`]);
      expect((await store.listDeliveryAttempts(id)).map((a) => a.n)).toEqual([1]);
    }
    expect((await store.listRunLogs(patched)).map((l) => l.message)).toEqual([
      `${patched} a`,
      `${patched} b`,
    ]);
    expect(await store.getRun(twice!)).toMatchObject({ status: 'SUCCESS', attempts: 2 });
    expect((await store.listRunLogs(twice!)).map((l) => l.message).sort()).toEqual([
      'first',
      'second',
    ]);
    expect((await store.listDeliveryAttempts(twice!)).map((a) => a.n).sort()).toEqual([1, 2]);
    expect(changes.filter((c) => c.completed)).toHaveLength(11);
    expect(await countRows(db, 'outbox')).toBe(0);
  });

  it('stores a result whose texts hold U+0000 (PostgreSQL: as U+FFFD), not refusing it', async () => {
    const { store, run } = await storeWithRun();
    await store.claimDeliveries({ owner: 'worker-1', limit: 1, leaseMs: 60_000 });
    // A backend may answer with any bytes; the run must still end.
    const { after } = await store.setRunResult(run.id, {
      status: 'SUCCESS',
      summary: 'nul \u0000 in a summary',
      response: 'nul \u0000 in a response',
      logs: ['nul \u0000 in a log'],
      completeDeliveryOf: 'worker-1',
      attempt: anAttempt({ responseExcerpt: 'nul \u0000 in an excerpt', error: 'e\u0000' }),
    });
    const stored = (text: string) =>
      harness.dialect === 'postgres' ? text.replace('\u0000', '\ufffd') : text;
    expect(after.status).toBe('SUCCESS');
    const saved = (await store.getRun(run.id))!;
    expect(saved).toEqual(after);
    expect(saved.summary).toBe(stored('nul \u0000 in a summary'));
    expect(saved.response).toBe(stored('nul \u0000 in a response'));
    const [log] = await store.listRunLogs(run.id);
    expect(log?.message).toBe(stored('nul \u0000 in a log'));
    const [attempt] = await store.listDeliveryAttempts(run.id);
    expect(attempt).toMatchObject({
      responseExcerpt: stored('nul \u0000 in an excerpt'),
      error: stored('e\u0000'),
    });
  });

  it('masks secret values in results, retries and reported responses', async () => {
    const db = await harness.createDatabase();
    const store = await db.open({ secrets: ['hunter2-secret'] });
    const [retried, ended, reported] = [aRun(), aRun(), aRun()];
    await store.recordEvent(anEvent(), [retried!, ended!, reported!]);
    await store.claimDeliveries({ owner: 'w', limit: 3, leaseMs: 60_000 });
    const echoed = 'token=hunter2-secret';
    await store.retryDelivery(retried!.id, 'w', {
      nextAttemptAt: 0,
      error: echoed,
      logMessage: `retrying: ${echoed}`,
      attempt: anAttempt({ error: echoed, responseExcerpt: echoed }),
    });
    await store.setRunResult(ended!.id, {
      status: 'SUCCESS',
      summary: echoed,
      response: { echoed },
      logs: [echoed],
      completeDeliveryOf: 'w',
      attempt: anAttempt({ responseExcerpt: echoed }),
    });
    await store.setRunResponse(reported!.id, { body: echoed });
    const written = JSON.stringify(
      await Promise.all(
        [retried!, ended!, reported!].map(async ({ id }) => [
          await store.getRun(id),
          await store.listRunLogs(id),
          await store.listDeliveryAttempts(id),
        ]),
      ),
    );
    expect(written).toContain('token=***');
    expect(written).not.toContain('hunter2');
  });

  it('stores a text response as text', async () => {
    const { store, run } = await storeWithRun();
    const { after } = await store.setRunResult(run.id, { response: '{"not":"parsed"}' });
    expect(after.response).toBe('{"not":"parsed"}');
    expect((await store.getRun(run.id))?.response).toBe('{"not":"parsed"}');
  });

  it('keeps the fields of a run the backend already ended, but still appends the logs', async () => {
    const { store, run } = await storeWithRun();
    await store.patchRun(run.id, { status: 'FAILURE', summary: 'backend says no' });
    const result = await store.setRunResult(run.id, {
      status: 'SUCCESS',
      summary: 'Delivered',
      logs: ['Answered 200'],
    });
    expect(result.applied).toBe(false);
    expect(result.completed).toBe(false);
    expect(result.after).toEqual(result.before);
    expect(await store.getRun(run.id)).toMatchObject({
      status: 'FAILURE',
      summary: 'backend says no',
    });
    expect((await store.listRunLogs(run.id)).map((l) => l.message)).toEqual(['Answered 200']);
  });

  it('loses neither change when a result and a PATCH of one run race (same clock tick)', async () => {
    const { db, store, run } = await storeWithRun();
    for (let round = 0; round < 15; round++) {
      await Promise.all([
        store.patchRun(run.id, { statusLabel: `label ${round}` }),
        store.setRunResult(run.id, { summary: `summary ${round}`, logs: [`log ${round}`] }),
      ]);
      const now = await store.getRun(run.id);
      expect([now?.statusLabel, now?.summary]).toEqual([`label ${round}`, `summary ${round}`]);
    }
    expect(await countRows(db, 'run_logs')).toBe(15);
    const done = await store.setRunResult(run.id, { status: 'SUCCESS', logs: ['a', 'b', 'c'] });
    expect([done.applied, done.after.status, done.completed]).toEqual([true, 'SUCCESS', false]);
    // Ending the run without an owner cancels its delivery; the logs keep their order.
    expect(await countRows(db, 'outbox')).toBe(0);
    expect((await store.listRunLogs(run.id, { offset: 15 })).map((l) => l.message)).toEqual([
      'a',
      'b',
      'c',
    ]);
  });
}
