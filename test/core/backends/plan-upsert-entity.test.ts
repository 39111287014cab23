import { afterAll, describe, expect, it } from 'vitest';
import type { Automation, InvocationMethod } from '../../../core/definitions/definition.js';
import { planRequest } from '../../../core/backends/plan/plan-request.js';
import { validateDefinitions } from '../../../core/definitions/validate-definitions.js';
import { createJqEngine } from '../../../core/jq/create-jq-engine.js';
import { automationTriggerData } from '../../../core/trigger-data/automation-trigger-data.js';
import { definitionJson, positionOf } from '../../helpers/definition-text.js';
import { entity, entityEvent } from '../../helpers/sample-events.js';

const jq = createJqEngine();
afterAll(() => jq.close());

const data = automationTriggerData({
  event: entityEvent('CREATE', 'service', null, entity('service', 'svc-a', { tier: 2 })),
  automation: 'auto',
  runId: 'r_RUN0000000000000',
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
  type: 'UPSERT_ENTITY',
  blueprintIdentifier: 'deployment',
  mapping: {
    identifier: '{{ .event.diff.after.identifier }}-deploy',
    title: 'Deploy {{ .event.diff.after.title }}',
    icon: 'Deployment',
    team: '{{ .event.diff.after.team }}',
    properties: {
      tier: '{{ .event.diff.after.properties.tier }}',
      secretish: '{{ .secrets.TOKEN }}',
    },
    relations: { service: '{{ .event.diff.after.identifier }}', owners: [] },
  },
};

describe('planRequest: UPSERT_ENTITY', () => {
  it('renders every mapping leaf and shows the embedded-catalog request', async () => {
    const { plan, masked, errors } = await planRequest(definition(method), data, jq, {
      secrets: { TOKEN: 'sekret' },
    });
    expect(errors).toEqual([]);
    expect(plan).toEqual({
      type: 'UPSERT_ENTITY',
      runId: 'r_RUN0000000000000',
      blueprint: 'deployment',
      target: 'catalog',
      entity: {
        identifier: 'svc-a-deploy',
        title: 'Deploy svc-a',
        icon: 'Deployment',
        team: ['platform'],
        properties: { tier: 2, secretish: 'sekret' },
        relations: { service: 'svc-a', owners: [] },
      },
      request: {
        method: 'POST',
        url: '/v1/blueprints/deployment/entities?upsert=true&run_id=r_RUN0000000000000',
        body: plan.type === 'UPSERT_ENTITY' ? plan.entity : null,
      },
    });
    expect(JSON.stringify(masked)).not.toContain('sekret');
  });

  it("targets Port's API when portApiUrl is configured", async () => {
    const { plan } = await planRequest(definition(method), data, jq, {
      portApiUrl: 'https://api.getport.io/',
    });
    expect(plan).toMatchObject({
      target: 'port',
      request: {
        url: 'https://api.getport.io/v1/blueprints/deployment/entities?upsert=true&run_id=r_RUN0000000000000',
      },
    });
  });

  it('reports rendered values of the wrong type at their mapping path', async () => {
    const { errors } = await planRequest(
      definition({
        type: 'UPSERT_ENTITY',
        blueprintIdentifier: 'deployment',
        mapping: {
          identifier: '{{ .event.diff.after.properties.tier }}',
          properties: '{{ .event.diff.after.team }}',
          relations: { service: '{{ 5 }}' },
        },
      }),
      data,
      jq,
    );
    expect(errors.map((e) => e.path)).toEqual([
      'invocationMethod.mapping.identifier',
      'invocationMethod.mapping.properties',
      'invocationMethod.mapping.relations.service',
    ]);
    expect(errors[0]!.message).toBe('renders to number 2, not a non-empty string');
  });
});

describe('validation: UPSERT_ENTITY', () => {
  it("accepts Port's shape", async () => {
    const report = await validateDefinitions(
      [{ file: 'u.json', text: definitionJson({ invocationMethod: method }) }],
      jq,
    );
    expect(report.problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('locates a mapping key Port does not have, and a missing blueprintIdentifier', async () => {
    const text = definitionJson({
      invocationMethod: { type: 'UPSERT_ENTITY', mapping: { identifier: 'x', owner: 'y' } },
    });
    const report = await validateDefinitions([{ file: 'u.json', text }], jq);
    const errors = report.problems.filter((p) => p.severity === 'error');
    expect(errors.map((p) => p.path).sort()).toEqual([
      'invocationMethod',
      'invocationMethod.mapping.owner',
    ]);
    const owner = errors.find((p) => p.path === 'invocationMethod.mapping.owner')!;
    expect([owner.line, owner.column]).toEqual([
      positionOf(text, '"owner"').line,
      positionOf(text, '"owner"').column,
    ]);
    expect(errors.find((p) => p.path === 'invocationMethod')!.message).toMatch(
      /blueprintIdentifier/,
    );
  });
});
