import type { CatalogEvent } from '../../core/events/catalog-event.js';

const by = { orgId: 'org_1', userId: 'auth0|u1' };
const trigger = { by, origin: 'UI', at: '2026-01-01T00:00:00.000Z' };

export function entity(blueprint: string, identifier: string, properties: Record<string, unknown>) {
  return {
    identifier,
    title: identifier,
    icon: null,
    blueprint,
    team: ['platform'],
    properties,
    relations: {},
    createdAt: '2025-12-01T00:00:00.000Z',
    createdBy: 'u1',
    updatedAt: '2026-01-01T00:00:00.000Z',
    updatedBy: 'u1',
  };
}

export function entityEvent(
  action: 'CREATE' | 'UPDATE' | 'DELETE',
  blueprint: string,
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
): CatalogEvent {
  const identifier = ((after ?? before) as { identifier?: string } | null)?.identifier ?? 'e1';
  return {
    action,
    resourceType: 'entity',
    trigger,
    context: {
      blueprintIdentifier: blueprint,
      entityIdentifier: identifier,
      propertyIdentifier: null,
    },
    diff: { before, after },
  };
}

export function timerEvent(
  blueprint: string,
  property: string,
  after: Record<string, unknown>,
): CatalogEvent {
  return {
    action: 'TIMER_EXPIRED',
    resourceType: 'entity',
    trigger,
    context: {
      blueprintIdentifier: blueprint,
      entityIdentifier: String(after.identifier),
      propertyIdentifier: property,
    },
    diff: { before: null, after },
  };
}

export function runEvent(
  action: 'CREATE' | 'UPDATE',
  actionIdentifier: string,
  status: string,
): CatalogEvent {
  const run = {
    id: 'r_AAAAAAAAAAAAAAAA',
    status,
    action: { identifier: actionIdentifier },
    source: 'AUTOMATION',
    link: [],
  };
  return {
    id: 'event_1',
    action,
    resourceType: 'run',
    trigger,
    context: { action: { identifier: actionIdentifier } },
    diff: { before: action === 'CREATE' ? null : { ...run, status: 'IN_PROGRESS' }, after: run },
  };
}
