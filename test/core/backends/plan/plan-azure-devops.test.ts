import { createHmac } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { Automation, InvocationMethod } from '../../../../core/definitions/definition.js';
import { planRequest } from '../../../../core/backends/plan/plan-request.js';
import { signPlan } from '../../../../core/backends/sign/sign-plan.js';
import { createJqEngine } from '../../../../core/jq/create-jq-engine.js';
import { automationTriggerData } from '../../../../core/trigger-data/automation-trigger-data.js';
import { entity, entityEvent } from '../../../helpers/sample-events.js';

const jq = createJqEngine();
afterAll(() => jq.close());

const data = automationTriggerData({
  event: entityEvent('CREATE', 'service', null, entity('service', 'svc-a', { language: 'go' })),
  automation: 'auto',
  runId: 'r_AZURE00000000000',
  at: new Date('2026-01-01T00:00:00Z'),
});

const definition = (invocationMethod: unknown): Automation => ({
  identifier: 'auto',
  trigger: {
    type: 'automation',
    event: { type: 'ENTITY_CREATED', blueprintIdentifier: 'service' },
  },
  invocationMethod: invocationMethod as InvocationMethod,
});

const method = {
  type: 'AZURE_DEVOPS',
  webhook: 'port_trigger',
  org: 'acme',
  payload: {
    properties: { service_name: '{{ .event.diff.after.identifier }}', token: '{{ .secrets.T }}' },
    port_context: { runId: '{{ .run.id }}' },
  },
};

describe('planRequest: AZURE_DEVOPS', () => {
  it("plans Port's POST to the organization's incoming webhook with the rendered payload", async () => {
    const { plan, masked, errors } = await planRequest(definition(method), data, jq, {
      secrets: { T: 'sekret-value' },
    });
    expect(errors).toEqual([]);
    const body = {
      properties: { service_name: 'svc-a', token: 'sekret-value' },
      port_context: { runId: 'r_AZURE00000000000' },
    };
    expect(plan).toEqual({
      type: 'AZURE_DEVOPS',
      runId: 'r_AZURE00000000000',
      org: 'acme',
      webhook: 'port_trigger',
      url: 'https://dev.azure.com/acme/_apis/public/distributedtask/webhooks/port_trigger?api-version=6.0-preview',
      headers: { 'Content-Type': 'application/json', 'X-Switchyard-Run-Id': 'r_AZURE00000000000' },
      body,
      bodyText: JSON.stringify(body),
    });
    expect(JSON.stringify(masked)).not.toContain('sekret-value');
  });
  it('uses the configured base URL and encodes the path segments', async () => {
    const { plan } = await planRequest(
      definition({ ...method, org: 'a b', webhook: 'x/y' }),
      data,
      jq,
      { azureDevopsUrl: 'http://127.0.0.1:9999/azure/' },
    );
    expect(plan.type === 'AZURE_DEVOPS' && plan.url).toBe(
      'http://127.0.0.1:9999/azure/a%20b/_apis/public/distributedtask/webhooks/x%2Fy?api-version=6.0-preview',
    );
  });
  it('sends {} without a payload, and reports an org left as a placeholder', async () => {
    const { plan, errors } = await planRequest(
      definition({ type: 'AZURE_DEVOPS', webhook: 'w', org: '<AZURE-DEVOPS-ORG>' }),
      data,
      jq,
    );
    expect(plan.type === 'AZURE_DEVOPS' && plan.bodyText).toBe('{}');
    expect(errors).toEqual([
      {
        path: 'invocationMethod.org',
        message: '"<AZURE-DEVOPS-ORG>" is a placeholder: write the Azure DevOps organization',
      },
    ]);
  });
  it('refuses a dot segment, which would change the path', async () => {
    const { errors } = await planRequest(
      definition({ type: 'AZURE_DEVOPS', webhook: '..', org: 'acme' }),
      data,
      jq,
    );
    expect(errors).toEqual([
      { path: 'invocationMethod.webhook', message: '".." is not an Azure DevOps webhook name' },
    ]);
  });
  it('signs with the HMAC-SHA1 hex checksum of the body in X-Port-Signature', async () => {
    const { plan } = await planRequest(definition(method), data, jq, { secrets: { T: 'v' } });
    const signed = signPlan(plan, 'client-secret');
    if (signed.type !== 'AZURE_DEVOPS' || plan.type !== 'AZURE_DEVOPS') throw new Error('type');
    expect(signed.headers['X-Port-Signature']).toBe(
      createHmac('sha1', 'client-secret').update(plan.bodyText).digest('hex'),
    );
    expect(signPlan(plan, undefined)).toBe(plan);
  });
});
