import type { CatalogEvent } from '../../core/events/catalog-event.js';
import type { PortEntity, RelationValue } from '../../core/entities/port-entity.js';
import type { CatalogChange } from '../store/incoming-event.js';

/**
 * What an accepted ENTITY_* event changes in the embedded catalog: the latest `diff.after` is
 * stored as is; a DELETE (or an `after` of null) removes the entity. Other events, and entity
 * events without a blueprint and identifier, change nothing (undefined). The store applies the
 * change with the event, in its transaction, and only when the event is new.
 */
export function catalogChangeOf(event: CatalogEvent): CatalogChange | undefined {
  if (event.resourceType !== 'entity' || event.action === 'TIMER_EXPIRED') return undefined;
  const after = event.diff?.after;
  const before = event.diff?.before;
  const blueprint = event.context?.blueprintIdentifier ?? blueprintOf(after) ?? blueprintOf(before);
  if (typeof blueprint !== 'string' || blueprint === '') return undefined;
  if (event.action === 'DELETE' || after === null || after === undefined) {
    const identifier = event.context?.entityIdentifier ?? identifierOf(before);
    if (typeof identifier !== 'string') return undefined;
    return { remove: { blueprint, identifier } };
  }
  const entity = toPortEntity(after, blueprint, event.trigger?.at);
  return entity === null ? undefined : { put: entity };
}

function blueprintOf(value: unknown): string | undefined {
  const bp = (value as { blueprint?: unknown } | null | undefined)?.blueprint;
  return typeof bp === 'string' ? bp : undefined;
}

function identifierOf(value: unknown): string | undefined {
  const id = (value as { identifier?: unknown } | null | undefined)?.identifier;
  return typeof id === 'string' ? id : undefined;
}

/** An event's entity in the catalog's shape; missing fields get their empty values. */
function toPortEntity(
  value: unknown,
  blueprint: string,
  at: string | undefined,
): PortEntity | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  if (typeof v.identifier !== 'string' || v.identifier === '') return null;
  const time = (t: unknown): string => {
    const ms = typeof t === 'string' ? Date.parse(t) : NaN;
    const fallback =
      at !== undefined && !Number.isNaN(Date.parse(at)) ? Date.parse(at) : Date.now();
    return new Date(Number.isNaN(ms) ? fallback : ms).toISOString();
  };
  const str = (s: unknown): string | null => (typeof s === 'string' ? s : null);
  const obj = (o: unknown): Record<string, unknown> =>
    typeof o === 'object' && o !== null && !Array.isArray(o) ? (o as Record<string, unknown>) : {};
  const team = Array.isArray(v.team)
    ? v.team.filter((t): t is string => typeof t === 'string')
    : typeof v.team === 'string'
      ? [v.team]
      : [];
  return {
    identifier: v.identifier,
    title: str(v.title),
    icon: str(v.icon),
    blueprint,
    team,
    properties: obj(v.properties),
    relations: obj(v.relations) as Record<string, RelationValue>,
    createdAt: time(v.createdAt),
    createdBy: str(v.createdBy),
    updatedAt: time(v.updatedAt),
    updatedBy: str(v.updatedBy),
  };
}
