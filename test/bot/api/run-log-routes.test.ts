import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeSharedJq, startApiHarness, type ApiHarness } from './api-harness.js';

let api: ApiHarness;
beforeEach(async () => {
  api = await startApiHarness();
});
afterEach(() => api.close());
afterAll(closeSharedJq);

describe('POST /v1/actions/runs/{run_id}/logs', () => {
  it('answers 201 with the runLog and leaves the run (and RUN_UPDATED) alone', async () => {
    const [id] = await api.seedRuns({});
    const answer = await api.request('POST', `/v1/actions/runs/${id}/logs`, {
      body: { message: 'Cloning the repository' },
    });
    expect(answer.status).toBe(201);
    expect(answer.body).toEqual({
      ok: true,
      runLog: {
        id: expect.any(String),
        runId: id,
        message: 'Cloning the repository',
        createdBy: 'ci-client',
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      },
    });
    expect(api.changes).toEqual([]);
  });

  it('sets a label, fires RUN_UPDATED with before and after', async () => {
    const [id] = await api.seedRuns({});
    await api.request('POST', `/v1/actions/runs/${id}/logs`, {
      body: { message: 'Tests running', statusLabel: 'Testing' },
    });
    expect(api.changes).toHaveLength(1);
    expect(api.changes[0]!.before.statusLabel).toBeNull();
    expect(api.changes[0]!.after).toMatchObject({ statusLabel: 'Testing', status: 'IN_PROGRESS' });
  });

  it('ends the run with terminationStatus; afterwards only plain logs are accepted, changes are run_exhausted', async () => {
    const [id] = await api.seedRuns({});
    const last = await api.request('POST', `/v1/actions/runs/${id}/logs`, {
      body: { message: 'Failed at step 3', terminationStatus: 'FAILURE', statusLabel: 'Broken' },
    });
    expect(last.status).toBe(201);
    expect(api.changes).toHaveLength(1);
    expect(api.changes[0]!.after).toMatchObject({ status: 'FAILURE', statusLabel: 'Broken' });
    const run = await api.request('GET', `/v1/actions/runs/${id}`);
    expect(run.body.run).toMatchObject({ status: 'FAILURE', endedAt: expect.any(String) });

    // A plain log is still accepted (port-agent logs after reporting the status).
    const more = await api.request('POST', `/v1/actions/runs/${id}/logs`, {
      body: { message: 'one more' },
    });
    expect(more.status).toBe(201);
    expect(more.body.runLog).toMatchObject({ message: 'one more' });
    const label = await api.request('POST', `/v1/actions/runs/${id}/logs`, {
      body: { message: 'relabel', statusLabel: 'Fixed' },
    });
    expect(label.status).toBe(422);
    expect(label.body.error).toBe('run_exhausted');
    const again = await api.request('POST', `/v1/actions/runs/${id}/logs`, {
      body: { message: 'again', terminationStatus: 'SUCCESS' },
    });
    expect(again.body.error).toBe('run_exhausted');
    const patch = await api.request('PATCH', `/v1/actions/runs/${id}`, {
      body: { status: 'SUCCESS' },
    });
    expect(patch.body.error).toBe('run_exhausted');
    expect(api.changes).toHaveLength(1);
  });

  it('answers 422 without a message, for a wrong terminationStatus or an unknown key', async () => {
    const [id] = await api.seedRuns({});
    const cases: [unknown, string][] = [
      [{}, 'message is required'],
      [{ message: 5 }, 'message must be a string'],
      [{ message: 'x', terminationStatus: 'DONE' }, 'terminationStatus must be SUCCESS or FAILURE'],
      [{ message: 'x', level: 'info' }, 'unknown key "level"'],
    ];
    for (const [body, reason] of cases) {
      const answer = await api.request('POST', `/v1/actions/runs/${id}/logs`, { body });
      expect(answer.status, JSON.stringify(body)).toBe(422);
      expect(answer.body.message).toContain(reason);
    }
    const empty = await api.request('POST', `/v1/actions/runs/${id}/logs`);
    expect(empty.status).toBe(422);
  });

  it('answers 404 for an unknown run', async () => {
    const answer = await api.request('POST', '/v1/actions/runs/r_nope/logs', {
      body: { message: 'x' },
    });
    expect(answer.status).toBe(404);
    expect(answer.body.error).toBe('not_found');
  });
});

describe('GET /v1/actions/runs/{run_id}/logs', () => {
  it('lists the logs oldest first, with limit and offset', async () => {
    const [id] = await api.seedRuns({});
    for (const message of ['one', 'two', 'three']) {
      await api.request('POST', `/v1/actions/runs/${id}/logs`, { body: { message } });
    }
    const messages = async (query: string) => {
      const answer = await api.request('GET', `/v1/actions/runs/${id}/logs${query}`);
      expect(answer.status).toBe(200);
      expect(answer.body.ok).toBe(true);
      return (answer.body.runLogs as { message: string }[]).map((log) => log.message);
    };
    expect(await messages('')).toEqual(['one', 'two', 'three']);
    expect(await messages('?limit=2')).toEqual(['one', 'two']);
    expect(await messages('?limit=2&offset=2')).toEqual(['three']);
    expect(await messages('?limit=50&offset=10')).toEqual([]);
  });

  it('answers 422 for a limit outside 1–50 or a bad offset, 404 for an unknown run', async () => {
    const [id] = await api.seedRuns({});
    for (const query of ['limit=0', 'limit=51', 'limit=x', 'offset=-1']) {
      const answer = await api.request('GET', `/v1/actions/runs/${id}/logs?${query}`);
      expect(answer.status, query).toBe(422);
      expect(answer.body.error).toBe('invalid_request');
    }
    const unknown = await api.request('GET', '/v1/actions/runs/r_nope/logs');
    expect(unknown.status).toBe(404);
  });
});
