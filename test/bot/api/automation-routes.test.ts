import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeSharedJq, startApiHarness, type ApiHarness } from './api-harness.js';
import { deployAction, notifyAutomation } from './api-definitions.js';

let api: ApiHarness;
beforeEach(async () => {
  api = await startApiHarness({ definitions: [deployAction, notifyAutomation] });
});
afterEach(() => api.close());
afterAll(closeSharedJq);

describe('GET /v1/automations', () => {
  it('lists the active definitions with trigger, backend, publish and origin, and the loads', async () => {
    api.registry.reject({
      source: 'github:acme/broken',
      at: '2025-01-01T00:00:00.000Z',
      activated: false,
      definitions: 0,
      errors: [
        {
          file: 'automations/x.json',
          line: 3,
          column: 5,
          severity: 'error',
          rule: 'schema',
          message: 'trigger.event.type must be one of …',
          path: 'trigger.event.type',
        },
      ],
      warnings: 0,
      commit: 'deadbeef',
    });
    const answer = await api.request('GET', '/v1/automations');
    expect(answer.status).toBe(200);
    expect(answer.body.ok).toBe(true);
    expect(answer.body.automations).toEqual([
      {
        identifier: 'deploy_service',
        kind: 'self-service',
        title: 'Deploy a service',
        operation: 'DAY-2',
        blueprintIdentifier: 'service',
        backend: 'WEBHOOK',
        publish: true,
        origin: { file: 'automations/deploy_service.json', repository: null, commit: null },
        source: 'automations/deploy_service.json',
        enabled: true,
        runs24h: 0,
        successRate24h: null,
        lastRun: null,
      },
      {
        identifier: 'notify_on_deploy',
        kind: 'automation',
        title: 'Notify on deploy',
        event: { type: 'RUN_UPDATED', actionIdentifier: 'deploy_service' },
        backend: 'WEBHOOK',
        publish: false,
        origin: { file: 'automations/notify_on_deploy.json', repository: null, commit: null },
        source: 'automations/notify_on_deploy.json',
        enabled: false,
        runs24h: 0,
        successRate24h: null,
        lastRun: null,
      },
    ]);
    const loads = answer.body.loads as { source: string; activated: boolean; errors: unknown[] }[];
    expect(loads.map((load) => [load.source, load.activated])).toEqual([
      ['local', true],
      ['github:acme/broken', false],
    ]);
    expect(loads[1]!.errors[0]).toMatchObject({ file: 'automations/x.json', line: 3, column: 5 });
  });
});

describe('GET /v1/poison-messages', () => {
  it('lists recorded poison messages, newest first, with limit', async () => {
    await api.store.recordPoisonMessage({
      source: 'kafka',
      reason: 'not JSON',
      raw: '{',
      topic: 't',
    });
    await api.store.recordPoisonMessage({
      source: 'kafka',
      reason: 'no id',
      raw: '{}',
      topic: 't',
    });
    const answer = await api.request('GET', '/v1/poison-messages');
    expect(answer.status).toBe(200);
    const messages = answer.body.messages as { reason: string }[];
    expect(messages.map((message) => message.reason).sort()).toEqual(['no id', 'not JSON']);
    const one = await api.request('GET', '/v1/poison-messages?limit=1');
    expect((one.body.messages as unknown[]).length).toBe(1);
    const bad = await api.request('GET', '/v1/poison-messages?limit=x');
    expect(bad.status).toBe(422);
  });
});

describe('GET /healthz', () => {
  it('answers ok with the store dialect and the number of definitions', async () => {
    const answer = await api.request('GET', '/healthz', { token: null });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ ok: true, status: 'ok', store: 'sqlite', definitions: 2 });
  });

  it('answers 503 when the store does not answer', async () => {
    await api.store.close();
    const answer = await api.request('GET', '/healthz', { token: null });
    expect(answer.status).toBe(503);
    expect(answer.body).toMatchObject({ ok: false, status: 'unavailable', store: 'sqlite' });
  });
});
