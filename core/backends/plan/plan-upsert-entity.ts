import type { UpsertEntityMethod } from '../../definitions/definition.js';
import type { EntityInput, RelationValue } from '../../entities/port-entity.js';
import type { PlanConfig } from './plan-config.js';
import type { PlanError, UpsertEntityPlan } from './request-plan.js';

const MAPPING = ['identifier', 'title', 'icon', 'team', 'properties', 'relations'] as const;

/** Port's entity route for an UPSERT_ENTITY run: create or replace by identifier, tied to the run. */
export function upsertEntityPath(blueprint: string, runId: string): string {
  return `/v1/blueprints/${encodeURIComponent(blueprint)}/entities?upsert=true&run_id=${encodeURIComponent(runId)}`;
}

/**
 * The entity a rendered UPSERT_ENTITY invocation method writes (spec §5.5), and the exact
 * request: to the embedded catalog by default, to Port's API when `portApiUrl` is configured.
 * Rendered values of the wrong type are planning errors at their mapping path.
 */
export function planUpsertEntity(
  method: UpsertEntityMethod,
  runId: string,
  config: PlanConfig,
  errors: PlanError[],
): UpsertEntityPlan {
  const at = (key: string) => `invocationMethod.mapping.${key}`;
  const blueprint = method.blueprintIdentifier;
  if (typeof blueprint !== 'string' || blueprint.trim() === '') {
    errors.push({
      path: 'invocationMethod.blueprintIdentifier',
      message: 'renders to an empty blueprint identifier; the entity needs its blueprint',
    });
  }
  const mapping = (method.mapping ?? {}) as Record<string, unknown>;
  const entity: Record<string, unknown> = {};
  for (const key of MAPPING) {
    const value = mapping[key];
    if (value === undefined) continue;
    switch (key) {
      case 'identifier':
        if (typeof value !== 'string' || value === '') {
          errors.push({
            path: at(key),
            message: `renders to ${describe(value)}, not a non-empty string`,
          });
        } else entity.identifier = value;
        break;
      case 'title':
      case 'icon':
        if (value !== null && typeof value !== 'string') {
          errors.push({ path: at(key), message: `renders to ${describe(value)}, not a string` });
        } else entity[key] = value;
        break;
      case 'team':
        if (
          value !== null &&
          typeof value !== 'string' &&
          !(Array.isArray(value) && value.every((t) => typeof t === 'string'))
        ) {
          errors.push({
            path: at(key),
            message: `renders to ${describe(value)}, not a team name or a list of them`,
          });
        } else entity.team = value;
        break;
      case 'properties':
        if (!isObject(value)) {
          errors.push({
            path: at(key),
            message: `renders to ${describe(value)}, not an object of property values`,
          });
        } else entity.properties = value;
        break;
      case 'relations':
        if (!isObject(value)) {
          errors.push({
            path: at(key),
            message: `renders to ${describe(value)}, not an object of relations`,
          });
          break;
        }
        for (const [name, target] of Object.entries(value)) {
          if (!isRelationValue(target)) {
            errors.push({
              path: `${at(key)}.${name}`,
              message: `renders to ${describe(target)}; a relation is an identifier, a list of identifiers, or null`,
            });
          }
        }
        entity.relations = value as Record<string, RelationValue>;
        break;
    }
  }
  const path = upsertEntityPath(String(blueprint ?? ''), runId);
  const target = config.portApiUrl ? 'port' : 'catalog';
  return {
    type: 'UPSERT_ENTITY',
    runId,
    blueprint: String(blueprint ?? ''),
    entity: entity as EntityInput,
    target,
    request: {
      method: 'POST',
      url: target === 'port' ? `${config.portApiUrl!.replace(/\/+$/, '')}${path}` : path,
      body: entity,
    },
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isRelationValue(value: unknown): boolean {
  return (
    value === null ||
    (typeof value === 'string' && value !== '') ||
    (Array.isArray(value) && value.every((v) => typeof v === 'string'))
  );
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value === '') return 'an empty string';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}
