import { describe, expect, it } from 'vitest';
import { checkCatalogEvent } from '../../../core/events/check-catalog-event.js';
import { eventKeysOf } from '../../../core/events/event-types-of.js';
import { entity, entityEvent, runEvent, timerEvent } from '../../helpers/sample-events.js';

describe('eventKeysOf', () => {
  const svc = entity('service', 'svc-a', {});
  it.each([
    ['CREATE', null, svc, ['ENTITY_CREATED', 'ANY_ENTITY_CHANGE']],
    ['UPDATE', svc, svc, ['ENTITY_UPDATED', 'ANY_ENTITY_CHANGE']],
    ['DELETE', svc, null, ['ENTITY_DELETED', 'ANY_ENTITY_CHANGE']],
  ] as const)(
    'maps an entity %s to its event types for the blueprint',
    (action, before, after, types) => {
      const keys = eventKeysOf(entityEvent(action, 'service', before, after));
      expect(keys.map((k) => k.type)).toEqual(types);
      expect(keys.every((k) => k.selector === 'service')).toBe(true);
    },
  );
  it('maps a timer expiry to TIMER_PROPERTY_EXPIRED with blueprint and property', () => {
    expect(
      eventKeysOf(timerEvent('environment', 'ttl', entity('environment', 'env-1', {}))),
    ).toEqual([{ type: 'TIMER_PROPERTY_EXPIRED', selector: 'environment', property: 'ttl' }]);
  });
  it('maps run events to RUN_* and ANY_RUN_CHANGE for the action', () => {
    expect(
      eventKeysOf(runEvent('CREATE', 'deploy', 'IN_PROGRESS')).map(
        (k) => `${k.type}:${k.selector}`,
      ),
    ).toEqual(['RUN_CREATED:deploy', 'ANY_RUN_CHANGE:deploy']);
    expect(eventKeysOf(runEvent('UPDATE', 'deploy', 'SUCCESS')).map((k) => k.type)).toEqual([
      'RUN_UPDATED',
      'ANY_RUN_CHANGE',
    ]);
  });
  it('takes the blueprint from the entity when the context has none', () => {
    const event = entityEvent('CREATE', 'service', null, svc);
    const keys = eventKeysOf({ ...event, context: {} });
    expect(keys[0]).toEqual({ type: 'ENTITY_CREATED', selector: 'service' });
  });
});

describe('checkCatalogEvent', () => {
  it('accepts a Port entity event', () => {
    expect(
      checkCatalogEvent(entityEvent('CREATE', 'service', null, entity('service', 'a', {}))).ok,
    ).toBe(true);
  });
  it.each([
    [[], '(root)', 'JSON object'],
    [
      { action: 'CREATED', resourceType: 'entity' },
      'action',
      'CREATE, UPDATE, DELETE, TIMER_EXPIRED',
    ],
    [{ action: 'CREATE', resourceType: 'blueprint' }, 'resourceType', '"entity" or "run"'],
    [
      { action: 'CREATE', resourceType: 'entity', context: {} },
      'context.blueprintIdentifier',
      'blueprint',
    ],
    [
      { action: 'TIMER_EXPIRED', resourceType: 'entity', context: { blueprintIdentifier: 'x' } },
      'context.propertyIdentifier',
      'timer',
    ],
    [
      { action: 'UPDATE', resourceType: 'run', context: {} },
      'context.action.identifier',
      'run events',
    ],
    [{ id: 7, action: 'CREATE', resourceType: 'entity' }, 'id', 'non-empty string'],
    [
      { action: 'CREATE', resourceType: 'entity', diff: { after: 'x' } },
      'diff.after',
      'object or null',
    ],
  ])('refuses %j naming the path', (value, path, message) => {
    const check = checkCatalogEvent(value);
    expect(check.ok).toBe(false);
    if (!check.ok) {
      expect(check.path).toBe(path);
      expect(check.message).toContain(message);
    }
  });
  it('prefixes the path for an event inside a batch', () => {
    const check = checkCatalogEvent({ action: 'X', resourceType: 'entity' }, '[3]');
    expect(check.ok ? '' : check.path).toBe('[3].action');
  });
});
