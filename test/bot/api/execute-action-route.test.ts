import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeSharedJq, startApiHarness, type ApiHarness } from './api-harness.js';
import { deployAction, notifyAutomation, scaffoldAction } from './api-definitions.js';

let api: ApiHarness;
beforeEach(async () => {
  api = await startApiHarness({ definitions: [deployAction, scaffoldAction, notifyAutomation] });
});
afterEach(() => api.close());
afterAll(closeSharedJq);

const goodInputs = {
  environment: 'prod',
  version: 'v1.2.3',
  notify: 'ada@example.com',
  dashboard: 'http://localhost:3000/d/1',
  owner: 'ada@example.com',
  target: 'cluster-eu',
  startAt: '2025-01-01T12:00:00Z',
  tags: ['a', 'b'],
};

describe('POST /v1/actions/{action_identifier}/runs', () => {
  it('answers 202 with the run, stored with its inputs and their defaults, and queued', async () => {
    const answer = await api.request(
      'POST',
      '/v1/actions/deploy_service/runs?run_as=ada@example.com',
      {
        body: { properties: goodInputs, entity: 'svc-a' },
      },
    );
    expect(answer.status).toBe(202);
    expect(answer.body.ok).toBe(true);
    const run = answer.body.run as Record<string, unknown>;
    expect(run).toMatchObject({
      id: expect.stringMatching(/^r_/),
      status: 'IN_PROGRESS',
      source: 'API',
      action: { identifier: 'deploy_service' },
      entity: { identifier: 'svc-a' },
      properties: { ...goodInputs, replicas: 2, dryRun: false },
    });
    const stored = await api.store.getRun(run.id as string);
    expect(stored).toMatchObject({
      properties: { ...goodInputs, replicas: 2, dryRun: false },
      createdByEmail: 'ada@example.com',
      backendType: 'WEBHOOK',
    });
    expect(stored!.payload).toMatchObject({
      body: { env: 'prod', version: 'v1.2.3', entity: 'svc-a', runId: run.id },
    });
    expect(api.outboxWakes.count).toBe(1);
    const listed = await api.request('GET', '/v1/actions/runs?action=deploy_service&source=API');
    expect((listed.body.runs as unknown[]).length).toBe(1);
  });

  it('answers 422 invalid_request with every reason and its property path', async () => {
    const answer = await api.request('POST', '/v1/actions/deploy_service/runs', {
      body: {
        properties: {
          environment: 'production',
          replicas: 'three',
          notify: 'not-an-email',
          dashboard: 'ftp//nope',
          startAt: 'yesterday',
          tags: ['a', 2],
          color: 'blue',
        },
      },
    });
    expect(answer.status).toBe(422);
    expect(answer.body.ok).toBe(false);
    expect(answer.body.error).toBe('invalid_request');
    const details = answer.body.details as { path: string; message: string }[];
    expect(details).toEqual(
      expect.arrayContaining([
        { path: 'properties.version', message: 'is required' },
        { path: 'properties.environment', message: 'must be one of "dev", "staging", "prod"' },
        { path: 'properties.replicas', message: 'must be a number' },
        { path: 'properties.notify', message: 'must be a valid email' },
        { path: 'properties.dashboard', message: 'must be a valid url' },
        { path: 'properties.startAt', message: 'must be a valid date-time' },
        { path: 'properties.tags[1]', message: 'must be a string' },
        {
          path: 'properties.color',
          message: expect.stringContaining('is not an input of this action'),
        },
      ]),
    );
    expect(details).toHaveLength(8);
    expect(answer.body.message).toContain('properties.version is required');
    expect(await api.store.listRuns()).toEqual([]);
    expect(api.outboxWakes.count).toBe(0);
  });

  it('evaluates a jqQuery required list and jqQuery defaults over the form', async () => {
    const missing = await api.request('POST', '/v1/actions/scaffold/runs', {
      body: { properties: { language: 'javascript' } },
    });
    expect(missing.status).toBe(422);
    expect(missing.body.details).toEqual([{ path: 'properties.sdk', message: 'is required' }]);
    const ok = await api.request('POST', '/v1/actions/scaffold/runs', {
      body: { properties: { language: 'go' } },
    });
    expect(ok.status).toBe(202);
    expect((ok.body.run as { properties: unknown }).properties).toEqual({
      language: 'go',
      name: 'svc-go',
    });
  });

  it('answers 404 for an unknown action and 422 for an automation', async () => {
    const unknown = await api.request('POST', '/v1/actions/nope/runs', {
      body: { properties: {} },
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({
      ok: false,
      error: 'not_found',
      message: expect.stringContaining('action nope was not found'),
    });
    const automation = await api.request('POST', '/v1/actions/notify_on_deploy/runs', {
      body: { properties: {} },
    });
    expect(automation.status).toBe(422);
    expect(automation.body.error).toBe('invalid_request');
    expect(automation.body.message).toContain('only self-service actions can be executed');
  });

  it('answers 422 for a body with other keys, properties that are not an object, a bad entity', async () => {
    const cases: [unknown, string][] = [
      [{ properties: goodInputs, runAs: 'x' }, 'unknown key "runAs"'],
      [{ properties: ['prod'] }, 'properties must be an object of input values'],
      [{ properties: goodInputs, entity: 5 }, 'entity must be an entity identifier'],
    ];
    for (const [body, reason] of cases) {
      const answer = await api.request('POST', '/v1/actions/deploy_service/runs', { body });
      expect(answer.status, JSON.stringify(body)).toBe(422);
      expect(answer.body.message).toContain(reason);
    }
  });

  it('finds an action by its repository-scoped identifier (encoded slash)', async () => {
    api.registry.activate(
      'github:acme/automations',
      [
        {
          definition: deployAction,
          origin: { repository: 'acme/automations', file: 'a.json', commit: 'c1' },
        },
      ],
      {
        source: 'github:acme/automations',
        at: new Date().toISOString(),
        activated: true,
        definitions: 1,
        errors: [],
        warnings: 0,
      },
    );
    const answer = await api.request(
      'POST',
      `/v1/actions/${encodeURIComponent('acme/automations:deploy_service')}/runs`,
      { body: { properties: goodInputs } },
    );
    expect(answer.status).toBe(202);
  });
});
