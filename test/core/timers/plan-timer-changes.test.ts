import { describe, expect, it } from 'vitest';
import { planTimerChanges } from '../../../core/timers/plan-timer-changes.js';
import { timerPropertiesOf } from '../../../core/timers/timer-properties-of.js';
import { timerEventIdOf, timerIdOf } from '../../../core/timers/timer-event-id.js';
import { timerInstantOf } from '../../../core/timers/timer-instant-of.js';
import { buildTimerEvent } from '../../../core/timers/build-timer-event.js';
import { checkCatalogEvent } from '../../../core/events/check-catalog-event.js';
import { eventKeysOf } from '../../../core/events/event-types-of.js';
import type { Automation } from '../../../core/definitions/definition.js';
import { entity, entityEvent, runEvent, timerEvent } from '../../helpers/sample-events.js';

const timerAutomation = (
  blueprint: string,
  property: string,
  identifier = `${blueprint}_${property}`,
) => ({
  definition: {
    identifier,
    trigger: {
      type: 'automation',
      event: {
        type: 'TIMER_PROPERTY_EXPIRED',
        blueprintIdentifier: blueprint,
        propertyIdentifier: property,
      },
    },
    invocationMethod: { type: 'WEBHOOK', url: 'https://example.com' },
  } as unknown as Automation,
  origin: { file: `${identifier}.json` },
});
const other = {
  definition: {
    identifier: 'on_update',
    trigger: {
      type: 'automation',
      event: { type: 'ENTITY_UPDATED', blueprintIdentifier: 'environment' },
    },
    invocationMethod: { type: 'WEBHOOK', url: 'https://example.com' },
  } as unknown as Automation,
  origin: { file: 'on_update.json' },
};
const watched = timerPropertiesOf([
  timerAutomation('environment', 'ttl'),
  timerAutomation('environment', 'ttl', 'second_on_ttl'),
  timerAutomation('environment', 'reviewBy'),
  other,
]);
const key = (property: string) => ({ blueprint: 'environment', entity: 'env-a', property });

describe('timerPropertiesOf', () => {
  it('collects each watched (blueprint, property) once, ignoring other triggers', () => {
    expect([...watched]).toEqual([['environment', ['ttl', 'reviewBy']]]);
  });
});

describe('planTimerChanges', () => {
  it('schedules each watched property that holds a date-time, with the entity as its snapshot', () => {
    const after = entity('environment', 'env-a', {
      ttl: '2026-01-02T00:00:00Z',
      reviewBy: '2026-02-01',
      other: '2026-01-01T00:00:00Z',
    });
    const changes = planTimerChanges(entityEvent('CREATE', 'environment', null, after), watched);
    expect(changes).toEqual([
      {
        kind: 'schedule',
        key: key('ttl'),
        dueAt: Date.UTC(2026, 0, 2),
        value: '2026-01-02T00:00:00Z',
        entity: after,
      },
      {
        kind: 'schedule',
        key: key('reviewBy'),
        dueAt: Date.UTC(2026, 1, 1),
        value: '2026-02-01',
        entity: after,
      },
    ]);
  });

  it('cancels a property that became null or was removed, and reports a bad value', () => {
    const before = entity('environment', 'env-a', { ttl: '2026-01-02T00:00:00Z' });
    const after = entity('environment', 'env-a', { ttl: null, reviewBy: 'next week' });
    expect(planTimerChanges(entityEvent('UPDATE', 'environment', before, after), watched)).toEqual([
      { kind: 'cancel', key: key('ttl'), reason: 'properties.ttl is null' },
      {
        kind: 'invalid',
        key: key('reviewBy'),
        value: 'next week',
        message: '"next week" is not an ISO 8601 date-time (e.g. 2025-03-14T18:00:00Z)',
      },
    ]);
    const without = entity('environment', 'env-a', {});
    expect(
      planTimerChanges(entityEvent('UPDATE', 'environment', before, without), watched)[0],
    ).toEqual({
      kind: 'cancel',
      key: key('ttl'),
      reason: 'properties.ttl is absent',
    });
  });

  it('cancels every timer of a deleted entity', () => {
    const before = entity('environment', 'env-a', { ttl: '2026-01-02T00:00:00Z' });
    expect(planTimerChanges(entityEvent('DELETE', 'environment', before, null), watched)).toEqual([
      {
        kind: 'cancel-entity',
        blueprint: 'environment',
        entity: 'env-a',
        reason: 'the entity was deleted',
      },
    ]);
  });

  it('changes nothing for unwatched blueprints, run events and timer expiries', () => {
    const after = entity('service', 'svc', { ttl: '2026-01-02T00:00:00Z' });
    expect(planTimerChanges(entityEvent('CREATE', 'service', null, after), watched)).toEqual([]);
    expect(planTimerChanges(runEvent('CREATE', 'x', 'IN_PROGRESS'), watched)).toEqual([]);
    const env = entity('environment', 'env-a', { ttl: '2026-01-02T00:00:00Z' });
    expect(planTimerChanges(timerEvent('environment', 'ttl', env), watched)).toEqual([]);
  });
});

describe('timer ids and events', () => {
  it('derives one event id per entity, property and instant', () => {
    const at = Date.UTC(2026, 0, 2);
    expect(timerEventIdOf(key('ttl'), at)).toBe(timerEventIdOf(key('ttl'), at));
    expect(timerEventIdOf(key('ttl'), at)).toMatch(/^timer_[A-Za-z0-9_-]{32}$/);
    expect(timerEventIdOf(key('ttl'), at + 1)).not.toBe(timerEventIdOf(key('ttl'), at));
    expect(timerEventIdOf(key('reviewBy'), at)).not.toBe(timerEventIdOf(key('ttl'), at));
    expect(timerIdOf(key('ttl'))).not.toBe(timerIdOf(key('reviewBy')));
  });

  it("builds Port's TIMER_EXPIRED shape, which fires TIMER_PROPERTY_EXPIRED for the property", () => {
    const env = entity('environment', 'env-a', { ttl: '2026-01-02T00:00:00Z' });
    const event = buildTimerEvent(
      { key: key('ttl'), entity: env, scheduledBy: { by: { userId: 'u1' }, origin: 'UI' } },
      Date.UTC(2026, 0, 2, 0, 0, 1),
    );
    expect(event).toEqual({
      action: 'TIMER_EXPIRED',
      resourceType: 'entity',
      trigger: { by: { userId: 'u1' }, origin: 'AUTOMATION', at: '2026-01-02T00:00:01.000Z' },
      context: {
        blueprintIdentifier: 'environment',
        entityIdentifier: 'env-a',
        propertyIdentifier: 'ttl',
      },
      diff: { before: null, after: env },
    });
    expect(checkCatalogEvent(event).ok).toBe(true);
    expect(eventKeysOf(event)).toEqual([
      { type: 'TIMER_PROPERTY_EXPIRED', selector: 'environment', property: 'ttl' },
    ]);
  });

  it('reads the timer and instant of an incoming TIMER_EXPIRED event', () => {
    const env = entity('environment', 'env-a', { ttl: '2026-01-02T02:00:00+02:00' });
    expect(timerInstantOf(timerEvent('environment', 'ttl', env))).toEqual({
      key: key('ttl'),
      at: Date.UTC(2026, 0, 2),
    });
    const bad = entity('environment', 'env-a', { ttl: 'soon' });
    expect(timerInstantOf(timerEvent('environment', 'ttl', bad))).toBeUndefined();
    expect(timerInstantOf(entityEvent('UPDATE', 'environment', env, env))).toBeUndefined();
  });
});
