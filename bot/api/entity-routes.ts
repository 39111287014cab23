import type { EntityInput, PortEntity } from '../../core/entities/port-entity.js';
import type { EntitySearchQuery } from '../../core/entities/entity-search.js';
import { newId } from '../../core/runs/new-run-id.js';
import {
  deleteCatalogEntity,
  upsertCatalogEntity,
  type CatalogWrite,
  type EntityWriteOrigin,
} from '../entities/write-catalog-entity.js';
import { isStoreError } from '../store/store-error.js';
import { ApiError, invalidRequest } from './api-error.js';
import type { ApiAnswer, ApiCall, ApiRoute } from './api-route.js';
import { bodyObject } from './body-object.js';
import { readJsonBody } from './read-json-body.js';

const ENTITY_KEYS = ['identifier', 'title', 'icon', 'team', 'properties', 'relations', 'blueprint'];

export function entityNotFound(blueprint: string, identifier: string): ApiError {
  return new ApiError(
    404,
    'not_found',
    `there is no entity with identifier "${identifier}" in blueprint "${blueprint}"`,
  );
}

/** `?flag=true|false`; absent → `fallback`. */
function flag(query: URLSearchParams, name: string, fallback: boolean): boolean {
  const value = query.get(name);
  if (value === null || value === '') return fallback;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw invalidRequest(`query parameter ${name} must be true or false, not "${value}"`);
}

function origin({ query, caller }: ApiCall): EntityWriteOrigin {
  const runId = query.get('run_id');
  return { origin: 'API', by: caller.subject, ...(runId ? { runId } : {}) };
}

/** An entity body as Port takes it; a missing identifier is generated (Port does too). */
export function parseEntityBody(
  body: unknown,
  blueprint: string,
  where = 'the body',
): EntityInput & { identifier: string } {
  const object = bodyObject(body, ENTITY_KEYS);
  if (object.blueprint !== undefined && object.blueprint !== blueprint) {
    throw invalidRequest(
      `${where}: blueprint "${String(object.blueprint)}" does not match the path's blueprint "${blueprint}"`,
    );
  }
  const input = { ...object };
  delete input.blueprint;
  const identifier = input.identifier === undefined ? newId('e_') : input.identifier;
  if (typeof identifier !== 'string') throw invalidRequest(`${where}: identifier must be a string`);
  return { ...(input as EntityInput), identifier };
}

/** `include=a&include=b` / `exclude=…`: Port's projection of answered entities. */
function project(entity: PortEntity, query: URLSearchParams): unknown {
  const include = query
    .getAll('include')
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
  const exclude = query
    .getAll('exclude')
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
  if (include.length === 0 && exclude.length === 0) return entity;
  const source = entity as unknown as Record<string, unknown>;
  let out: Record<string, unknown> = {};
  if (include.length === 0) out = structuredClone(source);
  for (const path of include) {
    const [head, ...rest] = path.split('.');
    if (!(head! in source)) continue;
    if (rest.length === 0) out[head!] = source[head!];
    else {
      const inner = source[head!] as Record<string, unknown> | null;
      const key = rest.join('.');
      if (inner && typeof inner === 'object' && key in inner) {
        out[head!] = { ...((out[head!] as object) ?? {}), [key]: inner[key] };
      }
    }
  }
  for (const path of exclude) {
    const [head, ...rest] = path.split('.');
    if (rest.length === 0) delete out[head!];
    else if (out[head!] && typeof out[head!] === 'object') {
      delete (out[head!] as Record<string, unknown>)[rest.join('.')];
    }
  }
  return out;
}

/** `GET /v1/blueprints/{bp}/entities/{id}` → `{ok, entity}`. */
async function getEntity(call: ApiCall): Promise<ApiAnswer> {
  const { blueprint, identifier } = call.params as { blueprint: string; identifier: string };
  const entity = await call.ctx.store.entities.getEntity(blueprint, identifier);
  if (entity === null) throw entityNotFound(blueprint, identifier);
  return { status: 200, body: { ok: true, entity: project(entity, call.query) } };
}

/** `GET /v1/blueprints/{bp}/entities` → `{ok, entities}`, identifier order. */
async function listEntities(call: ApiCall): Promise<ApiAnswer> {
  const entities = await call.ctx.store.entities.listEntities(call.params.blueprint!);
  return { status: 200, body: { ok: true, entities: entities.map((e) => project(e, call.query)) } };
}

function writeOptions(query: URLSearchParams): CatalogWrite {
  return {
    upsert: flag(query, 'upsert', false),
    merge: flag(query, 'merge', false),
    createMissingRelatedEntities: flag(query, 'create_missing_related_entities', false),
  };
}

/**
 * `POST /v1/blueprints/{bp}/entities?upsert=&merge=&create_missing_related_entities=&run_id=`
 * → 201 `{ok, entity}`; raises ENTITY_CREATED / ENTITY_UPDATED.
 */
async function createEntity(call: ApiCall): Promise<ApiAnswer> {
  const blueprint = call.params.blueprint!;
  const input = parseEntityBody(await readJsonBody(call.req), blueprint);
  const entity = await upsertCatalogEntity(
    call.ctx,
    blueprint,
    input,
    writeOptions(call.query),
    origin(call),
  );
  return { status: 201, body: { ok: true, entity } };
}

/** `PUT …/entities/{id}` replaces, `PATCH …/entities/{id}` merges; both 404 when absent. */
function updateEntity(merge: boolean) {
  return async (call: ApiCall): Promise<ApiAnswer> => {
    const { blueprint, identifier } = call.params as { blueprint: string; identifier: string };
    const body = bodyObject(await readJsonBody(call.req), ENTITY_KEYS);
    const input = parseEntityBody(
      { ...body, identifier: body.identifier ?? identifier },
      blueprint,
    );
    if ((await call.ctx.store.entities.getEntity(blueprint, identifier)) === null) {
      throw entityNotFound(blueprint, identifier);
    }
    if (input.identifier !== identifier) {
      throw invalidRequest(
        `the body's identifier "${input.identifier}" differs from the path's "${identifier}"`,
      );
    }
    const entity = await upsertCatalogEntity(
      call.ctx,
      blueprint,
      input,
      {
        upsert: true,
        merge,
        createMissingRelatedEntities: flag(call.query, 'create_missing_related_entities', false),
      },
      origin(call),
    );
    return { status: 200, body: { ok: true, entity } };
  };
}

/**
 * `POST /v1/blueprints/{bp}/entities/bulk` `{entities: [...]}` (same query as create) → 207
 * `{ok, entities: [{identifier, index, created}], errors: [{identifier, index, statusCode, error, message}]}`.
 */
async function bulkUpsert(call: ApiCall): Promise<ApiAnswer> {
  const blueprint = call.params.blueprint!;
  const body = bodyObject(await readJsonBody(call.req), ['entities']);
  if (!Array.isArray(body.entities) || body.entities.length === 0 || body.entities.length > 20) {
    throw invalidRequest('entities must be an array of 1 to 20 entities');
  }
  const options = writeOptions(call.query);
  const from = origin(call);
  const entities: unknown[] = [];
  const errors: unknown[] = [];
  const list: unknown[] = body.entities;
  for (const [index, raw] of list.entries()) {
    const identifier = (raw as { identifier?: unknown } | null)?.identifier ?? null;
    try {
      const input = parseEntityBody(raw, blueprint, `entities[${index}]`);
      const before = await call.ctx.store.entities.getEntity(blueprint, input.identifier);
      const entity = await upsertCatalogEntity(call.ctx, blueprint, input, options, from);
      entities.push({ identifier: entity.identifier, index, created: before === null });
    } catch (error) {
      if (error instanceof ApiError) {
        errors.push({
          identifier,
          index,
          statusCode: error.status,
          error: error.code,
          message: error.message,
        });
      } else if (isStoreError(error)) {
        const statusCode =
          error.code === 'not_found' ? 404 : error.code === 'identifier_taken' ? 409 : 422;
        errors.push({ identifier, index, statusCode, error: error.code, message: error.message });
      } else throw error;
    }
  }
  return { status: 207, body: { ok: errors.length === 0, entities, errors } };
}

/** `DELETE /v1/blueprints/{bp}/entities/{id}?run_id=&delete_dependents=` → `{ok: true}`. */
async function deleteEntity(call: ApiCall): Promise<ApiAnswer> {
  const { blueprint, identifier } = call.params as { blueprint: string; identifier: string };
  // delete_dependents: the catalog holds no blueprint schema, so there are no required
  // relations that would make dependents block the delete; the flag is accepted and checked.
  flag(call.query, 'delete_dependents', false);
  if ((await call.ctx.store.entities.getEntity(blueprint, identifier)) === null) {
    throw entityNotFound(blueprint, identifier);
  }
  await deleteCatalogEntity(call.ctx, blueprint, identifier, origin(call));
  return { status: 200, body: { ok: true } };
}

/** `POST /v1/entities/search?include=&exclude=` `{combinator, rules}` → `{ok, entities}`. */
async function searchEntities(call: ApiCall): Promise<ApiAnswer> {
  const body = bodyObject(await readJsonBody(call.req), ['combinator', 'rules']);
  const entities = await call.ctx.store.entities.searchEntities(
    body as unknown as EntitySearchQuery,
  );
  return { status: 200, body: { ok: true, entities: entities.map((e) => project(e, call.query)) } };
}

export const entityRoutes: readonly ApiRoute[] = [
  { method: 'POST', pattern: '/v1/entities/search', auth: true, handle: searchEntities },
  {
    method: 'GET',
    pattern: '/v1/blueprints/:blueprint/entities',
    auth: true,
    handle: listEntities,
  },
  {
    method: 'POST',
    pattern: '/v1/blueprints/:blueprint/entities',
    auth: true,
    handle: createEntity,
  },
  {
    method: 'POST',
    pattern: '/v1/blueprints/:blueprint/entities/bulk',
    auth: true,
    handle: bulkUpsert,
  },
  {
    method: 'GET',
    pattern: '/v1/blueprints/:blueprint/entities/:identifier',
    auth: true,
    handle: getEntity,
  },
  {
    method: 'PUT',
    pattern: '/v1/blueprints/:blueprint/entities/:identifier',
    auth: true,
    handle: updateEntity(false),
  },
  {
    method: 'PATCH',
    pattern: '/v1/blueprints/:blueprint/entities/:identifier',
    auth: true,
    handle: updateEntity(true),
  },
  {
    method: 'DELETE',
    pattern: '/v1/blueprints/:blueprint/entities/:identifier',
    auth: true,
    handle: deleteEntity,
  },
];
