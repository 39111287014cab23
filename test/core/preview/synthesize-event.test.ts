import { describe, expect, it } from 'vitest';
import type { Automation, AutomationEvent } from '../../../core/definitions/definition.js';
import { checkCatalogEvent } from '../../../core/events/check-catalog-event.js';
import { eventKeysOf } from '../../../core/events/event-types-of.js';
import { pickSampleEvents, type SampleEvent } from '../../../core/preview/pick-sample-events.js';
import { synthesizeEvent } from '../../../core/preview/synthesize-event.js';
import { synthesizeInputs } from '../../../core/preview/synthesize-inputs.js';

const triggers: AutomationEvent[] = [
  { type: 'ENTITY_CREATED', blueprintIdentifier: 'service' },
  { type: 'ENTITY_UPDATED', blueprintIdentifier: 'service' },
  { type: 'ENTITY_DELETED', blueprintIdentifier: 'service' },
  { type: 'ANY_ENTITY_CHANGE', blueprintIdentifier: 'service' },
  { type: 'TIMER_PROPERTY_EXPIRED', blueprintIdentifier: 'environment', propertyIdentifier: 'ttl' },
  { type: 'RUN_CREATED', actionIdentifier: 'scaffold' },
  { type: 'RUN_UPDATED', actionIdentifier: 'scaffold' },
  { type: 'ANY_RUN_CHANGE', actionIdentifier: 'scaffold' },
];

describe('synthesizeEvent', () => {
  it.each(triggers)('builds a well-formed event that fires $type', (trigger) => {
    const synthetic = synthesizeEvent(trigger);
    expect(synthetic.synthetic).toBe(true);
    expect(checkCatalogEvent(synthetic.event).ok).toBe(true);
    const fired = eventKeysOf(synthetic.event);
    const selector = trigger.actionIdentifier ?? trigger.blueprintIdentifier;
    expect(fired).toContainEqual(expect.objectContaining({ type: trigger.type, selector }));
  });

  it('sends null where Port does: no before on create, no after on delete', () => {
    expect(synthesizeEvent(triggers[0]!).event.diff).toMatchObject({ before: null });
    expect(synthesizeEvent(triggers[2]!).event.diff).toMatchObject({ after: null });
    expect(synthesizeEvent(triggers[5]!).event.diff).toMatchObject({ before: null });
  });

  it('is labelled and deterministic', () => {
    const a = synthesizeEvent(triggers[4]!);
    expect(a.name).toBe('synthetic TIMER_PROPERTY_EXPIRED environment.ttl');
    expect(synthesizeEvent(triggers[4]!)).toEqual(a);
  });
});

describe('pickSampleEvents', () => {
  const automation = (event: AutomationEvent): Automation => ({
    identifier: 'x',
    trigger: { type: 'automation', event },
    invocationMethod: { type: 'KAFKA', payload: {} },
  });
  const sample = (name: string, trigger: AutomationEvent): SampleEvent => ({
    name,
    event: synthesizeEvent(trigger).event,
    synthetic: false,
  });
  const samples = [
    sample('created.json', triggers[0]!),
    sample('updated.json', triggers[1]!),
    sample('other-blueprint.json', { type: 'ENTITY_UPDATED', blueprintIdentifier: 'team' }),
  ];

  it('keeps every sample whose type and selector fit, in order', () => {
    expect(pickSampleEvents(automation(triggers[3]!), samples).map((s) => s.name)).toEqual([
      'created.json',
      'updated.json',
    ]);
  });

  it('falls back to one synthetic event when no sample fits', () => {
    const picked = pickSampleEvents(automation(triggers[6]!), samples);
    expect(picked).toHaveLength(1);
    expect(picked[0]).toMatchObject({ synthetic: true, name: 'synthetic RUN_UPDATED scaffold' });
  });
});

describe('synthesizeInputs', () => {
  it('uses defaults, then the first enum value, then a placeholder of the type', () => {
    const inputs = synthesizeInputs({
      identifier: 'scaffold',
      trigger: {
        type: 'self-service',
        operation: 'CREATE',
        userInputs: {
          properties: {
            name: { type: 'string' },
            language: { type: 'string', enum: ['go', 'python'] },
            replicas: { type: 'number', default: 3 },
            public: { type: 'boolean' },
            repo: { type: 'string', format: 'url' },
          },
        },
      },
      invocationMethod: { type: 'KAFKA', payload: {} },
    });
    expect(inputs).toEqual({
      name: 'example-name',
      language: 'go',
      replicas: 3,
      public: true,
      repo: 'https://example.com/repo',
    });
  });
});
