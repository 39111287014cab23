import { describe, expect, it } from 'vitest';
import type { SelfServiceAction } from '../../../core/definitions/definition.js';
import { newId, newRunId } from '../../../core/runs/new-run-id.js';
import { automationTriggerData } from '../../../core/trigger-data/automation-trigger-data.js';
import { selfServiceTriggerData } from '../../../core/trigger-data/self-service-trigger-data.js';
import { entity, entityEvent, runEvent, timerEvent } from '../../helpers/sample-events.js';

const at = new Date('2026-02-03T04:05:06.789Z');

describe('automationTriggerData', () => {
  it.each([
    ['entity created', entityEvent('CREATE', 'service', null, entity('service', 's', {}))],
    [
      'entity updated',
      entityEvent(
        'UPDATE',
        'service',
        entity('service', 's', {}),
        entity('service', 's', { a: 1 }),
      ),
    ],
    ['entity deleted', entityEvent('DELETE', 'service', entity('service', 's', {}), null)],
    ['timer expired', timerEvent('environment', 'ttl', entity('environment', 'e', {}))],
    ['run updated', runEvent('UPDATE', 'deploy', 'SUCCESS')],
  ])('has the documented keys for %s', (_name, event) => {
    const data = automationTriggerData({
      event,
      automation: 'my_automation',
      runId: 'r_0000000000000000',
      at,
    });
    expect(Object.keys(data)).toEqual(['inputs', 'trigger', 'event', 'entity', 'action', 'run']);
    expect(data).toEqual({
      inputs: null,
      trigger: {
        by: { orgId: 'org_1', userId: 'auth0|u1' },
        origin: 'AUTOMATION',
        at: '2026-02-03T04:05:06.789Z',
      },
      event,
      entity: null,
      action: { identifier: 'my_automation' },
      run: { id: 'r_0000000000000000' },
    });
  });
  it('adds the user profile when known', () => {
    const event = entityEvent('CREATE', 'service', null, entity('service', 's', {}));
    const data = automationTriggerData({
      event,
      automation: 'a',
      runId: 'r_1',
      user: { email: 'a@example.com' },
    });
    expect(data.trigger.by.user).toEqual({ email: 'a@example.com' });
  });
});

describe('selfServiceTriggerData', () => {
  const action: SelfServiceAction = {
    identifier: 'scaffold',
    trigger: {
      type: 'self-service',
      operation: 'CREATE',
      blueprintIdentifier: 'service',
      userInputs: {
        properties: {
          name: { type: 'string' },
          token: { type: 'string', encryption: 'aes256-gcm' },
        },
      },
    },
    invocationMethod: { type: 'WEBHOOK', url: 'https://x.example.com' },
  };
  it('carries inputs, operation, an empty entity for CREATE, and the action with encrypted inputs named', () => {
    const data = selfServiceTriggerData({
      action,
      inputs: { name: 'svc' },
      runId: 'r_2',
      at,
      origin: 'UI',
    });
    expect(data).toEqual({
      inputs: { name: 'svc' },
      trigger: { by: {}, origin: 'UI', at: '2026-02-03T04:05:06.789Z', operation: 'CREATE' },
      event: null,
      entity: {},
      action: { identifier: 'scaffold', blueprint: 'service', encryptedProperties: ['token'] },
      run: { id: 'r_2' },
    });
  });
});

describe('newRunId', () => {
  it('is r_ and 16 base62 characters, and different each time', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newRunId()));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^r_[0-9A-Za-z]{16}$/);
  });

  it('starts with the creation time, so later ids sort later, and is random within a millisecond', () => {
    expect(newRunId(0)).toMatch(/^r_0000000[0-9A-Za-z]{9}$/);
    expect(newRunId(62 * 62 + 1)).toMatch(/^r_0000101[0-9A-Za-z]{9}$/);
    const at = Date.UTC(2026, 11, 3, 12);
    const times = [at, at + 1, at + 61, at + 62, at + 3_600_000, Date.UTC(2080, 0, 1)];
    const ids = times.map((ms) => newRunId(ms));
    // Plain string order (as SQLite's BINARY collation and a C-collated index compare them).
    expect([...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(ids);
    const sameMs = new Set(Array.from({ length: 1000 }, () => newRunId(at).slice(9)));
    expect(sameMs.size).toBe(1000);
  });

  it('draws every base62 character equally often (no modulo bias toward 0-7)', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 20_000; i++)
      for (const char of newId('')) counts.set(char, (counts.get(char) ?? 0) + 1);
    expect(counts.size).toBe(62);
    // 320,000 characters: 5,161 each expected, σ ≈ 71; a bias of 5/256 against 4/256 is +25 %.
    const expected = (20_000 * 16) / 62;
    const off = [...counts].filter(([, count]) => Math.abs(count - expected) / expected >= 0.1);
    expect(off).toEqual([]);
  });
});
