import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeSharedJq, startApiHarness, type ApiHarness } from './api-harness.js';

let api: ApiHarness;
beforeEach(async () => {
  api = await startApiHarness();
});
afterEach(() => api.close());
afterAll(closeSharedJq);

describe('GET /v1/actions/runs/{run_id}', () => {
  it("answers Port's run JSON", async () => {
    const [id] = await api.seedRuns({ statusLabel: 'queued' });
    const answer = await api.request('GET', `/v1/actions/runs/${id}`);
    expect(answer.status).toBe(200);
    expect(answer.body.ok).toBe(true);
    expect(answer.body.run).toMatchObject({
      id,
      status: 'IN_PROGRESS',
      statusLabel: 'queued',
      action: { identifier: 'notify_slack', title: 'Notify Slack', icon: null, deleted: false },
      blueprint: { identifier: 'service', title: 'Service', icon: null },
      entity: { identifier: 'svc-a', title: 'Service A', icon: null },
      properties: {},
      source: 'AUTOMATION',
      requiredApproval: false,
      link: [],
      endedAt: null,
      createdBy: 'user_ada',
    });
    // switchyard's own fields stay inside.
    expect(answer.body.run).not.toHaveProperty('delivery');
    expect(answer.body.run).not.toHaveProperty('origin');
  });

  it('answers 404 not_found for an unknown run', async () => {
    const answer = await api.request('GET', '/v1/actions/runs/r_doesnotexist');
    expect(answer.status).toBe(404);
    expect(answer.body).toEqual({
      ok: false,
      error: 'not_found',
      message: 'run r_doesnotexist was not found',
    });
  });

  it('accepts ?version=v2 as Port clients send it', async () => {
    const [id] = await api.seedRuns({});
    expect((await api.request('GET', `/v1/actions/runs/${id}?version=v2`)).status).toBe(200);
  });
});

describe('GET /v1/actions/runs', () => {
  it('lists runs newest first and ANDs the filters', async () => {
    const [a, b, c] = await api.seedRuns(
      { entity: { identifier: 'svc-a' }, action: { identifier: 'deploy' }, source: 'API' },
      {
        entity: { identifier: 'svc-b' },
        action: { identifier: 'deploy' },
        source: 'AUTOMATION',
        createdByEmail: 'grace@example.com',
        createdBy: 'user_grace',
      },
      { entity: { identifier: 'svc-a' }, action: { identifier: 'notify' }, source: 'UI' },
    );
    await api.store.patchRun(a!, { externalRunId: 'gh-123', status: 'SUCCESS' });
    const ids = async (query: string) => {
      const answer = await api.request('GET', `/v1/actions/runs${query}`);
      expect(answer.status, query).toBe(200);
      expect(answer.body.ok).toBe(true);
      return (answer.body.runs as { id: string }[]).map((run) => run.id).sort();
    };
    expect(await ids('')).toEqual([a, b, c].sort());
    expect(await ids('?entity=svc-a')).toEqual([a, c].sort());
    expect(await ids('?entity=svc-a&action=deploy')).toEqual([a]);
    expect(await ids('?blueprint=service')).toEqual([a, b, c].sort());
    expect(await ids('?active=true')).toEqual([b, c].sort());
    expect(await ids('?active=false')).toEqual([a]);
    expect(await ids('?user_email=grace%40example.com')).toEqual([b]);
    expect(await ids('?user_id=user_grace')).toEqual([b]);
    expect(await ids('?external_run_id=gh-123')).toEqual([a]);
    expect(await ids('?source=API&source=UI')).toEqual([a, c].sort());
    expect(await ids('?source=AUTOMATION')).toEqual([b]);
    expect(await ids('?source[]=UI')).toEqual([c]);
    expect(await ids('?version=v2&exclude=payload')).toEqual([a, b, c].sort());
    expect(await ids('?limit=1')).toHaveLength(1);
    expect(await ids('?limit=1000')).toHaveLength(3);
  });

  it("pages with Port's next cursor: every run once, newest first, filters kept", async () => {
    const seeded = await api.seedRuns(
      ...Array.from({ length: 5 }, (_, i) => ({
        entity: { identifier: i === 2 ? 'svc-b' : 'svc-a' },
      })),
    );
    const all = await api.request('GET', '/v1/actions/runs');
    expect(all.body.next).toBeUndefined();
    const newestFirst = (all.body.runs as { id: string }[]).map((run) => run.id);
    const pages: string[][] = [];
    let next: string | undefined;
    do {
      const query = `?entity=svc-a&limit=2${next === undefined ? '' : `&next=${next}`}`;
      const answer = await api.request('GET', `/v1/actions/runs${query}`);
      expect(answer.status, query).toBe(200);
      pages.push((answer.body.runs as { id: string }[]).map((run) => run.id));
      next = answer.body.next as string | undefined;
    } while (next !== undefined && pages.length < 10);
    expect(pages.map((page) => page.length)).toEqual([2, 2, 0]);
    expect(pages.flat()).toEqual(newestFirst.filter((id) => id !== seeded[2]));
  });

  it('answers 422 for a next that is not a cursor', async () => {
    const answer = await api.request('GET', '/v1/actions/runs?next=garbage');
    expect(answer.status).toBe(422);
    expect(answer.body.message).toMatch(/^next must be the "next" value/);
  });

  it('answers 422 with the reason for a bad limit, active or source', async () => {
    for (const [query, reason] of [
      ['limit=0', 'limit must be an integer from 1 to 1000, not "0"'],
      ['limit=1001', 'limit must be an integer from 1 to 1000, not "1001"'],
      ['limit=ten', 'limit must be an integer from 1 to 1000, not "ten"'],
      ['limit=1.5', 'limit must be an integer from 1 to 1000, not "1.5"'],
      ['active=yes', 'active must be true or false, not "yes"'],
      ['source=CLI', 'source must be one of UI, API, AUTOMATION, not "CLI"'],
    ]) {
      const answer = await api.request('GET', `/v1/actions/runs?${query}`);
      expect(answer.status, query).toBe(422);
      expect(answer.body).toEqual({ ok: false, error: 'invalid_request', message: reason });
    }
  });
});

describe('PATCH /v1/actions/runs/{run_id}', () => {
  it('replaces each given key, turns a link string into [string], and fires RUN_UPDATED', async () => {
    const [id] = await api.seedRuns({});
    const first = await api.request('PATCH', `/v1/actions/runs/${id}`, {
      body: {
        statusLabel: 'Building',
        link: ['https://ci.example.com/1', 'https://ci.example.com/2'],
      },
    });
    expect(first.status).toBe(200);
    expect(first.body.run).toMatchObject({
      id,
      status: 'IN_PROGRESS',
      statusLabel: 'Building',
      link: ['https://ci.example.com/1', 'https://ci.example.com/2'],
      updatedBy: 'ci-client',
    });
    const second = await api.request('PATCH', `/v1/actions/runs/${id}`, {
      body: { link: 'https://ci.example.com/3', summary: 'half way', externalRunId: 'gh-9' },
    });
    expect(second.body.run).toMatchObject({
      statusLabel: 'Building',
      link: ['https://ci.example.com/3'],
      summary: 'half way',
      externalRunId: 'gh-9',
    });
    expect(api.changes).toHaveLength(2);
    expect(api.changes[0]!.before.statusLabel).toBeNull();
    expect(api.changes[0]!.after.statusLabel).toBe('Building');
    expect(api.changes[1]!.before.link).toEqual([
      'https://ci.example.com/1',
      'https://ci.example.com/2',
    ]);
    expect(api.changes[1]!.after.link).toEqual(['https://ci.example.com/3']);
  });

  it('ends the run with SUCCESS or FAILURE; afterwards every change is run_exhausted (422)', async () => {
    const [id] = await api.seedRuns({});
    const done = await api.request('PATCH', `/v1/actions/runs/${id}`, {
      body: { status: 'SUCCESS', statusLabel: 'Deployed' },
    });
    expect(done.status).toBe(200);
    expect(done.body.run).toMatchObject({ status: 'SUCCESS', endedAt: expect.any(String) });
    expect(api.changes.at(-1)!.after.status).toBe('SUCCESS');
    expect(api.changes.at(-1)!.before.status).toBe('IN_PROGRESS');

    for (const body of [{ status: 'FAILURE' }, { summary: 'late' }, {}, { message: 'late' }]) {
      const again = await api.request('PATCH', `/v1/actions/runs/${id}`, { body });
      expect(again.status, JSON.stringify(body)).toBe(422);
      expect(again.body).toEqual({
        ok: false,
        error: 'run_exhausted',
        message: expect.stringContaining('has ended with status SUCCESS'),
      });
    }
    expect(api.changes).toHaveLength(1);
    expect((await api.store.getRun(id!))!.summary).toBeNull();
  });

  it('adds the deprecated message as a run log', async () => {
    const [id] = await api.seedRuns({});
    const answer = await api.request('PATCH', `/v1/actions/runs/${id}`, {
      body: { message: 'step 1 done', statusLabel: 'Step 1' },
    });
    expect(answer.status).toBe(200);
    const logs = await api.store.listRunLogs(id!);
    expect(logs.map((log) => [log.message, log.createdBy])).toEqual([['step 1 done', 'ci-client']]);
    const onlyMessage = await api.request('PATCH', `/v1/actions/runs/${id}`, {
      body: { message: 'step 2 done' },
    });
    expect(onlyMessage.status).toBe(200);
    expect(onlyMessage.body.run).toMatchObject({ id, statusLabel: 'Step 1' });
    // A log alone does not change the run: RUN_UPDATED only for the first call.
    expect(api.changes).toHaveLength(1);
    expect(await api.store.listRunLogs(id!)).toHaveLength(2);
  });

  it('answers 422 naming an unknown key or a wrong value, and changes nothing', async () => {
    const [id] = await api.seedRuns({});
    const cases: [unknown, string][] = [
      [{ status: 'SUCCESS', icon: 'x' }, 'unknown key "icon"'],
      [{ updatedBy: 'me' }, 'unknown key "updatedBy"'],
      [{ status: 'IN_PROGRESS' }, 'status must be SUCCESS or FAILURE'],
      [{ link: [1] }, 'link must be a string or an array of strings'],
      [{ summary: 3 }, 'summary must be a string or null'],
      [{ message: null }, 'message must be a string'],
      [['SUCCESS'], 'the body must be a JSON object, not an array'],
    ];
    for (const [body, reason] of cases) {
      const answer = await api.request('PATCH', `/v1/actions/runs/${id}`, { body });
      expect(answer.status, JSON.stringify(body)).toBe(422);
      expect(answer.body.error).toBe('invalid_request');
      expect(answer.body.message).toContain(reason);
    }
    expect((await api.store.getRun(id!))!.status).toBe('IN_PROGRESS');
    expect(api.changes).toEqual([]);
  });

  it('clears a label or summary with null', async () => {
    const [id] = await api.seedRuns({ statusLabel: 'old', summary: 'old' });
    const answer = await api.request('PATCH', `/v1/actions/runs/${id}`, {
      body: { statusLabel: null, summary: null },
    });
    expect(answer.body.run).toMatchObject({ statusLabel: null, summary: null });
  });

  it('answers 404 for an unknown run, with or without a message', async () => {
    for (const body of [{ status: 'SUCCESS' }, { message: 'hi' }, {}]) {
      const answer = await api.request('PATCH', '/v1/actions/runs/r_nope', { body });
      expect(answer.status).toBe(404);
      expect(answer.body.error).toBe('not_found');
    }
  });

  it("accepts port-github-action's PATCH_RUN calls unchanged (runId also in the query)", async () => {
    const [id] = await api.seedRuns({});
    const logged = await api.request('POST', `/v1/actions/runs/${id}/logs`, {
      body: { message: 'Deployed from GitHub Actions' },
    });
    expect(logged.status).toBe(201);
    const patched = await api.request('PATCH', `/v1/actions/runs/${id}?runId=${id}`, {
      body: {
        status: 'SUCCESS',
        statusLabel: 'Done',
        link: ['https://github.com/acme/app/actions/runs/1'],
        summary: 'ok',
        externalRunId: '1',
      },
    });
    expect(patched.status).toBe(200);
    expect((patched.body.run as { id: string }).id).toBe(id);
  });
});
