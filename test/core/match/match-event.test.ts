import { afterAll, describe, expect, it } from 'vitest';
import type { Automation } from '../../../core/definitions/definition.js';
import { createJqEngine } from '../../../core/jq/create-jq-engine.js';
import type { ActiveAutomation } from '../../../core/match/active-automation.js';
import { AutomationIndex } from '../../../core/match/automation-index.js';
import { explainMatch } from '../../../core/match/explain-match.js';
import { matchEvent } from '../../../core/match/match-event.js';
import { entity, entityEvent, runEvent, timerEvent } from '../../helpers/sample-events.js';

const jq = createJqEngine();
afterAll(() => jq.close());

function automation(
  identifier: string,
  event: Automation['trigger']['event'],
  extra: { expressions?: string[]; combinator?: 'and' | 'or'; publish?: boolean } = {},
): ActiveAutomation {
  return {
    origin: { file: `${identifier}.json` },
    definition: {
      identifier,
      trigger: {
        type: 'automation',
        event,
        ...(extra.expressions
          ? {
              condition: {
                type: 'JQ',
                expressions: extra.expressions,
                combinator: extra.combinator ?? 'and',
              },
            }
          : {}),
      },
      invocationMethod: { type: 'WEBHOOK', url: 'https://x.example.com' },
      ...(extra.publish === undefined ? {} : { publish: extra.publish }),
    },
  };
}

const before = entity('service', 'svc', { health: 'Healthy', tier: 1 });
const after = entity('service', 'svc', { health: 'Degraded', tier: 1 });
const updated = entityEvent('UPDATE', 'service', before, after);

describe('matchEvent', () => {
  it('only touches automations indexed under the event type and selector, ANY_* expanded', async () => {
    const index = new AutomationIndex([
      automation('on_update', { type: 'ENTITY_UPDATED', blueprintIdentifier: 'service' }),
      automation('on_any', { type: 'ANY_ENTITY_CHANGE', blueprintIdentifier: 'service' }),
      automation('on_create', { type: 'ENTITY_CREATED', blueprintIdentifier: 'service' }),
      automation('other_blueprint', { type: 'ENTITY_UPDATED', blueprintIdentifier: 'environment' }),
      automation('on_run', { type: 'RUN_UPDATED', actionIdentifier: 'service' }),
    ]);
    const decisions = await matchEvent(index, updated, jq);
    expect(decisions.map((d) => [d.automation.definition.identifier, d.matched])).toEqual([
      ['on_update', true],
      ['on_any', true],
    ]);
  });

  it('passes an expression only when its first output is exactly true', async () => {
    const index = new AutomationIndex([
      automation(
        'truthy_string',
        { type: 'ENTITY_UPDATED', blueprintIdentifier: 'service' },
        { expressions: ['"yes"'] },
      ),
      automation(
        'one',
        { type: 'ENTITY_UPDATED', blueprintIdentifier: 'service' },
        { expressions: ['1'] },
      ),
      automation(
        'empty',
        { type: 'ENTITY_UPDATED', blueprintIdentifier: 'service' },
        { expressions: ['empty'] },
      ),
      automation(
        'first_true',
        { type: 'ENTITY_UPDATED', blueprintIdentifier: 'service' },
        { expressions: ['true, false'] },
      ),
      automation(
        'error',
        { type: 'ENTITY_UPDATED', blueprintIdentifier: 'service' },
        { expressions: ['error("boom")'] },
      ),
    ]);
    const decisions = await matchEvent(index, updated, jq);
    expect(decisions.map((d) => [d.automation.definition.identifier, d.matched])).toEqual([
      ['truthy_string', false],
      ['one', false],
      ['empty', false],
      ['first_true', true],
      ['error', false],
    ]);
    expect(decisions[2]!.reason).toContain('no output');
    expect(decisions[4]!.conditions!.results[0]).toEqual({
      expression: 'error("boom")',
      error: expect.stringContaining('boom'),
      passed: false,
    });
  });

  it('evaluates conditions against the event, with .event as an alias of it', async () => {
    const index = new AutomationIndex([
      automation(
        'plain',
        { type: 'ENTITY_UPDATED', blueprintIdentifier: 'service' },
        {
          expressions: [
            '.diff.before.properties.health != .diff.after.properties.health',
            '.context.entityIdentifier == "svc"',
          ],
        },
      ),
      automation(
        'aliased',
        { type: 'ENTITY_UPDATED', blueprintIdentifier: 'service' },
        {
          expressions: ['.event.diff.after.properties.health == "Degraded"'],
        },
      ),
      automation(
        'no_trigger_data',
        { type: 'ENTITY_UPDATED', blueprintIdentifier: 'service' },
        {
          expressions: ['.run == null and .secrets == null'],
        },
      ),
    ]);
    const decisions = await matchEvent(index, updated, jq);
    expect(decisions.map((d) => d.matched)).toEqual([true, true, true]);
    expect(decisions[0]!.conditions!.results.map((r) => r.value)).toEqual([true, true]);
  });

  it('combines with and / or, and passes with no expressions', async () => {
    const index = new AutomationIndex([
      automation(
        'and',
        { type: 'ENTITY_UPDATED', blueprintIdentifier: 'service' },
        { expressions: ['true', 'false'], combinator: 'and' },
      ),
      automation(
        'or',
        { type: 'ENTITY_UPDATED', blueprintIdentifier: 'service' },
        { expressions: ['false', 'true'], combinator: 'or' },
      ),
      automation(
        'none',
        { type: 'ENTITY_UPDATED', blueprintIdentifier: 'service' },
        { expressions: [] },
      ),
    ]);
    expect((await matchEvent(index, updated, jq)).map((d) => d.matched)).toEqual([
      false,
      true,
      true,
    ]);
  });

  it('skips an unpublished automation and says why', async () => {
    const index = new AutomationIndex([
      automation(
        'off',
        { type: 'ENTITY_UPDATED', blueprintIdentifier: 'service' },
        { publish: false, expressions: ['true'] },
      ),
    ]);
    const [decision] = await matchEvent(index, updated, jq);
    expect(decision).toMatchObject({
      matched: false,
      reason: 'the automation is disabled (publish: false)',
    });
  });

  it('matches a timer only on its blueprint and property', async () => {
    const index = new AutomationIndex([
      automation('ttl', {
        type: 'TIMER_PROPERTY_EXPIRED',
        blueprintIdentifier: 'environment',
        propertyIdentifier: 'ttl',
      }),
      automation('other_timer', {
        type: 'TIMER_PROPERTY_EXPIRED',
        blueprintIdentifier: 'environment',
        propertyIdentifier: 'expiry',
      }),
    ]);
    const decisions = await matchEvent(
      index,
      timerEvent('environment', 'ttl', entity('environment', 'env', {})),
      jq,
    );
    expect(decisions.map((d) => d.automation.definition.identifier)).toEqual(['ttl']);
  });

  it('matches run events by action identifier', async () => {
    const index = new AutomationIndex([
      automation(
        'after_deploy',
        { type: 'RUN_UPDATED', actionIdentifier: 'deploy' },
        { expressions: ['.diff.after.status == "FAILURE"'] },
      ),
    ]);
    expect((await matchEvent(index, runEvent('UPDATE', 'deploy', 'FAILURE'), jq))[0]!.matched).toBe(
      true,
    );
    expect((await matchEvent(index, runEvent('UPDATE', 'deploy', 'SUCCESS'), jq))[0]!.matched).toBe(
      false,
    );
    expect(await matchEvent(index, runEvent('CREATE', 'deploy', 'IN_PROGRESS'), jq)).toEqual([]);
  });
});

describe('explainMatch', () => {
  it('says which event type the automation wants and which the event fires', async () => {
    const decision = await explainMatch(
      automation('c', { type: 'ENTITY_CREATED', blueprintIdentifier: 'service' }),
      updated,
      jq,
    );
    expect(decision.reason).toBe(
      'the automation triggers on ENTITY_CREATED; the event (entity UPDATE) fires ENTITY_UPDATED, ANY_ENTITY_CHANGE',
    );
  });
  it('says which blueprint the automation wants', async () => {
    const decision = await explainMatch(
      automation('u', { type: 'ENTITY_UPDATED', blueprintIdentifier: 'environment' }),
      updated,
      jq,
    );
    expect(decision.reason).toBe(
      'the automation triggers on blueprint "environment"; the event is for blueprint "service"',
    );
  });
  it('gives the same verdict as matchEvent when it fits', async () => {
    const a = automation(
      'u',
      { type: 'ENTITY_UPDATED', blueprintIdentifier: 'service' },
      { expressions: ['.diff.after.properties.tier > 1'] },
    );
    const decision = await explainMatch(a, updated, jq);
    const [fromIndex] = await matchEvent(new AutomationIndex([a]), updated, jq);
    expect(decision).toEqual(fromIndex);
    expect(decision.reason).toBe(
      'a condition did not pass (combinator and; only true passes): #1 .diff.after.properties.tier > 1 → false',
    );
  });
});
