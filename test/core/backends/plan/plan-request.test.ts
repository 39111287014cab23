import { createHmac } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { Automation, InvocationMethod } from '../../../../core/definitions/definition.js';
import { planRequest } from '../../../../core/backends/plan/plan-request.js';
import { createJqEngine } from '../../../../core/jq/create-jq-engine.js';
import { automationTriggerData } from '../../../../core/trigger-data/automation-trigger-data.js';
import { entity, entityEvent } from '../../../helpers/sample-events.js';

const jq = createJqEngine();
afterAll(() => jq.close());

const event = entityEvent(
  'CREATE',
  'service',
  null,
  entity('service', 'svc-a', { tier: 2, owners: ['a', 'b'] }),
);
const data = automationTriggerData({
  event,
  automation: 'auto',
  runId: 'r_RUN0000000000000',
  at: new Date('2026-01-01T00:00:00Z'),
});

function definition(invocationMethod: InvocationMethod): Automation {
  return {
    identifier: 'auto',
    trigger: {
      type: 'automation',
      event: { type: 'ENTITY_CREATED', blueprintIdentifier: 'service' },
    },
    invocationMethod,
  };
}

describe('planRequest: WEBHOOK', () => {
  it('renders url, headers and body, adds the run id header and Port signature headers', async () => {
    const { plan, masked, errors } = await planRequest(
      definition({
        type: 'WEBHOOK',
        url: 'https://hooks.example.com/{{ .event.context.entityIdentifier }}?key={{ .secrets.KEY }}',
        method: 'PUT',
        headers: { Authorization: 'Bearer {{ .secrets.TOKEN }}', RUN_ID: '{{ .run.id }}' },
        body: {
          tier: '{{ .event.diff.after.properties.tier }}',
          owners: '{{ .event.diff.after.properties.owners }}',
          at: '{{ .trigger.at }}',
        },
        synchronized: '{{ true }}',
      }),
      data,
      jq,
      {
        secrets: { TOKEN: 'tok-secret-value', KEY: 'key-secret-value' },
        signingSecret: 'sign',
        now: new Date('2026-01-01T00:00:10Z'),
      },
    );
    expect(errors).toEqual([]);
    expect(plan).toMatchObject({
      type: 'WEBHOOK',
      method: 'PUT',
      url: 'https://hooks.example.com/svc-a?key=key-secret-value',
      body: { tier: 2, owners: ['a', 'b'], at: '2026-01-01T00:00:00.000Z' },
      synchronized: true,
      agent: false,
    });
    if (plan.type !== 'WEBHOOK') throw new Error('expected a webhook plan');
    expect(plan.bodyText).toBe('{"tier":2,"owners":["a","b"],"at":"2026-01-01T00:00:00.000Z"}');
    expect(plan.headers).toMatchObject({
      Authorization: 'Bearer tok-secret-value',
      RUN_ID: 'r_RUN0000000000000',
      'Content-Type': 'application/json',
      'X-Switchyard-Run-Id': 'r_RUN0000000000000',
      'X-Port-Timestamp': '1767225610',
    });
    const expected = createHmac('sha256', 'sign')
      .update(`1767225610.${plan.bodyText}`)
      .digest('base64');
    expect(plan.headers['X-Port-Signature']).toBe(`v1,${expected}`);
    expect(JSON.stringify(masked)).not.toContain('secret-value');
    expect(masked).toMatchObject({
      url: 'https://hooks.example.com/svc-a?key=***',
      headers: { Authorization: 'Bearer ***' },
    });
  });

  it('reports a render error with the path of its template and jq message', async () => {
    const { errors } = await planRequest(
      definition({
        type: 'WEBHOOK',
        url: 'https://x.example.com',
        body: { items: ['ok', '{{ .event.diff.after.properties.tier | error }}'] },
      }),
      data,
      jq,
    );
    expect(errors).toEqual([
      { path: 'invocationMethod.body.items[1]', message: expect.stringContaining('2') },
    ]);
  });

  it('refuses a URL that does not render to an absolute http(s) URL', async () => {
    const { errors } = await planRequest(
      definition({ type: 'WEBHOOK', url: '{{ .event.context.entityIdentifier }}' }),
      data,
      jq,
    );
    expect(errors.map((e) => e.path)).toEqual(['invocationMethod.url']);
  });
});

describe('planRequest: GITHUB', () => {
  it('takes ref out of the inputs and stringifies non-strings', async () => {
    const { plan } = await planRequest(
      definition({
        type: 'GITHUB',
        org: 'acme',
        repo: 'deploys',
        workflow: 'deploy.yml',
        workflowInputs: {
          ref: 'release',
          tier: '{{ .event.diff.after.properties.tier }}',
          owners: '{{ .event.diff.after.properties.owners }}',
          name: 'x',
          flag: true,
        },
      }),
      data,
      jq,
    );
    expect(plan).toEqual({
      type: 'GITHUB',
      runId: 'r_RUN0000000000000',
      owner: 'acme',
      repo: 'deploys',
      workflow: 'deploy.yml',
      ref: 'release',
      refSource: 'workflowInputs.ref',
      inputs: { tier: '2', owners: '["a","b"]', name: 'x', flag: 'true' },
      returnRunDetails: true,
      reportWorkflowStatus: true,
    });
  });
  it('leaves the ref to the default branch when no ref input is given', async () => {
    const { plan } = await planRequest(
      definition({
        type: 'GITHUB',
        org: 'a',
        repo: 'b',
        workflow: 'w.yml',
        reportWorkflowStatus: false,
      }),
      data,
      jq,
    );
    expect(plan).toMatchObject({
      ref: null,
      refSource: 'default-branch',
      inputs: {},
      reportWorkflowStatus: false,
    });
  });
  it('refuses more than 25 rendered inputs', async () => {
    const { errors } = await planRequest(
      definition({
        type: 'GITHUB',
        org: 'a',
        repo: 'b',
        workflow: 'w.yml',
        workflowInputs: {
          '{{ spreadValue() }}':
            '{{ [range(30)] | map({key: "i\\(.)", value: .}) | from_entries }}',
        },
      }),
      data,
      jq,
    );
    expect(errors).toEqual([
      {
        path: 'invocationMethod.workflowInputs',
        message: '30 workflow inputs rendered; GitHub accepts at most 25',
      },
    ]);
  });
});

describe('planRequest: GITLAB', () => {
  const gitlab = (
    extra: Partial<Extract<InvocationMethod, { type: 'GITLAB' }>> = {},
  ): InvocationMethod => ({
    type: 'GITLAB',
    groupName: 'platform/infra',
    projectName: 'deployer',
    ...extra,
  });
  it('encodes the project path, stringifies variables and names the token variable', async () => {
    const { plan } = await planRequest(
      definition(
        gitlab({
          pipelineVariables: { TIER: '{{ .event.diff.after.properties.tier }}', ref: 'hotfix' },
        }),
      ),
      data,
      jq,
      {
        gitlabUrl: 'https://gitlab.example.com/',
      },
    );
    expect(plan).toEqual({
      type: 'GITLAB',
      runId: 'r_RUN0000000000000',
      project: 'platform/infra/deployer',
      url: 'https://gitlab.example.com/api/v4/projects/platform%2Finfra%2Fdeployer/trigger/pipeline',
      ref: 'hotfix',
      refSource: 'pipelineVariables.ref',
      variables: { TIER: '2' },
      tokenVariable: 'platform_infra_deployer',
    });
  });
  it.each([
    [{ defaultRef: 'develop' }, {}, 'develop', 'defaultRef'],
    [{}, { gitlabDefaultBranch: 'trunk' }, 'trunk', 'project-default-branch'],
    [{}, {}, 'main', 'fallback-main'],
  ])('picks the ref by the documented order: %j %j', async (extra, config, ref, source) => {
    const { plan } = await planRequest(definition(gitlab(extra)), data, jq, config);
    expect(plan).toMatchObject({
      ref,
      refSource: source,
      url: expect.stringMatching(/^https:\/\/gitlab\.com\/api\/v4/),
    });
  });
});

describe('planRequest: KAFKA', () => {
  it('keys the message by run id and carries the rendered payload', async () => {
    const { plan } = await planRequest(
      {
        ...definition({ type: 'KAFKA', payload: { id: '{{ .event.context.entityIdentifier }}' } }),
      },
      data,
      jq,
      { kafkaTopic: 'org.runs' },
    );
    expect(plan).toEqual({
      type: 'KAFKA',
      runId: 'r_RUN0000000000000',
      topic: 'org.runs',
      key: 'r_RUN0000000000000',
      value: { id: 'svc-a' },
      headers: { 'X-Switchyard-Run-Id': 'r_RUN0000000000000' },
    });
  });
});
