import type { EntityInput, PortEntity, RelationValue } from '../../core/entities/port-entity.js';
import type { EntitySearchQuery } from '../../core/entities/entity-search.js';
import {
  checkEntitySearch,
  EntitySearchError,
  matchesEntitySearch,
  searchKeys,
} from '../../core/entities/match-entity-search.js';
import type {
  EntityCatalog,
  EntityChange,
  EntityPage,
  UpsertedEntity,
  UpsertEntityOptions,
} from './entity-catalog.js';
import { fromJsonText, isoTime, text } from './run-row.js';
import type { SqlDriver, SqlExecutor, SqlRow } from './sql-driver.js';
import { StoreError } from './store-error.js';

export const ENTITY_COLUMNS = [
  'blueprint',
  'identifier',
  'title',
  'icon',
  'team',
  'properties',
  'relations',
  'created_at',
  'created_by',
  'updated_at',
  'updated_by',
] as const;

const ENTITY_UPDATES = ENTITY_COLUMNS.slice(2).map((c) => `${c} = excluded.${c}`);

/** An upsert's `ON CONFLICT` clause: every column but the key takes the new row's value. */
export const ENTITY_ON_CONFLICT = `ON CONFLICT (blueprint, identifier) DO UPDATE SET ${ENTITY_UPDATES.join(', ')}`;

export const ENTITY_UPSERT_SQL = `INSERT INTO entities (${ENTITY_COLUMNS.join(', ')}) VALUES (${ENTITY_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})
  ${ENTITY_ON_CONFLICT}`;

export const ENTITY_DELETE_SQL = 'DELETE FROM entities WHERE blueprint = $1 AND identifier = $2';

const MAX_LIMIT = 10_000;

/** `EntityCatalog` over the shared SQL layer (table `entities`, migration 3). */
export class SqlEntityCatalog implements EntityCatalog {
  constructor(
    private readonly driver: SqlDriver,
    private readonly now: () => number,
  ) {}

  async getEntity(blueprint: string, identifier: string): Promise<PortEntity | null> {
    const [row] = await this.driver.all(
      'SELECT * FROM entities WHERE blueprint = $1 AND identifier = $2',
      [blueprint, identifier],
    );
    return row === undefined ? null : decodeEntity(row);
  }

  async listEntities(blueprint: string, page: EntityPage = {}): Promise<PortEntity[]> {
    const { limit, offset } = checkPage(page);
    const rows = await this.driver.all(
      'SELECT * FROM entities WHERE blueprint = $1 ORDER BY identifier LIMIT $2 OFFSET $3',
      [blueprint, limit, offset],
    );
    return rows.map(decodeEntity);
  }

  async upsertEntity(
    blueprint: string,
    input: EntityInput & { readonly identifier: string },
    options: UpsertEntityOptions,
  ): Promise<UpsertedEntity> {
    checkInput(blueprint, input);
    const now = options.now ?? this.now();
    return this.driver.transaction(async (tx) => {
      const before = await select(tx, this.driver.dialect.lockRows, blueprint, input.identifier);
      if (before !== null && !options.upsert) {
        throw new StoreError(
          'identifier_taken',
          `an entity with identifier "${input.identifier}" already exists in blueprint "${blueprint}"; send upsert=true to update it`,
        );
      }
      const after = buildEntity(blueprint, input, before, options.merge, options.by, now);
      await write(tx, after);
      const created: EntityChange[] = [];
      if (options.createMissingRelatedEntities) {
        for (const [relation, target] of Object.entries(after.relations)) {
          const targetBlueprint = options.relationTargets?.[relation];
          if (targetBlueprint === undefined || target === null) continue;
          for (const id of typeof target === 'string' ? [target] : target) {
            if ((await select(tx, '', targetBlueprint, id)) !== null) continue;
            const stub = buildEntity(
              targetBlueprint,
              { identifier: id },
              null,
              false,
              options.by,
              now,
            );
            await write(tx, stub);
            created.push({ before: null, after: stub });
          }
        }
      }
      return { before, after, created };
    });
  }

  async deleteEntity(blueprint: string, identifier: string): Promise<EntityChange> {
    return this.driver.transaction(async (tx) => {
      const before = await select(tx, this.driver.dialect.lockRows, blueprint, identifier);
      if (before === null) {
        throw new StoreError(
          'not_found',
          `there is no entity with identifier "${identifier}" in blueprint "${blueprint}"`,
        );
      }
      await tx.run(ENTITY_DELETE_SQL, [blueprint, identifier]);
      return { before, after: null };
    });
  }

  async searchEntities(query: EntitySearchQuery, page: EntityPage = {}): Promise<PortEntity[]> {
    try {
      checkEntitySearch(query);
    } catch (error) {
      if (error instanceof EntitySearchError)
        throw new StoreError('invalid_request', error.message);
      throw error;
    }
    const { limit, offset } = checkPage(page);
    // The primary key (blueprint, identifier) narrows what a top-level `and` pins down; the
    // remaining rules are evaluated on the candidates.
    const { blueprints, identifiers } = searchKeys(query);
    const where: string[] = [];
    const params: unknown[] = [];
    if (blueprints !== null) {
      where.push(
        `blueprint IN (${blueprints.map((b) => `$${params.push(b)}`).join(', ') || 'NULL'})`,
      );
    }
    if (identifiers !== null) {
      where.push(
        `identifier IN (${identifiers.map((i) => `$${params.push(i)}`).join(', ') || 'NULL'})`,
      );
    }
    const rows = await this.driver.all(
      `SELECT * FROM entities${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY blueprint, identifier`,
      params,
    );
    const related = await this.relatedEntities(query);
    const lookup = (bp: string, id: string) => related.get(`${bp}\u0000${id}`);
    const now = this.now();
    const found: PortEntity[] = [];
    let skipped = 0;
    for (const row of rows) {
      const entity = decodeEntity(row);
      if (!matchesEntitySearch(entity, query, lookup, now)) continue;
      if (skipped++ < offset) continue;
      found.push(entity);
      if (found.length === limit) break;
    }
    return found;
  }

  /** The entities named by `relatedTo` rules, for their upstream direction. */
  private async relatedEntities(query: EntitySearchQuery): Promise<Map<string, PortEntity>> {
    const wanted: [string, string][] = [];
    const collect = (q: EntitySearchQuery): void => {
      for (const rule of q.rules) {
        if ('combinator' in rule) collect(rule);
        else if (rule.operator === 'relatedTo' && 'blueprint' in rule) {
          for (const id of typeof rule.value === 'string' ? [rule.value] : rule.value) {
            wanted.push([rule.blueprint, id]);
          }
        }
      }
    };
    collect(query);
    const map = new Map<string, PortEntity>();
    for (const [bp, id] of wanted) {
      const entity = await this.getEntity(bp, id);
      if (entity) map.set(`${bp}\u0000${id}`, entity);
    }
    return map;
  }
}

async function select(
  tx: SqlExecutor,
  lock: string,
  blueprint: string,
  identifier: string,
): Promise<PortEntity | null> {
  const [row] = await tx.all(
    `SELECT * FROM entities WHERE blueprint = $1 AND identifier = $2${lock}`,
    [blueprint, identifier],
  );
  return row === undefined ? null : decodeEntity(row);
}

async function write(tx: SqlExecutor, entity: PortEntity): Promise<void> {
  await tx.run(ENTITY_UPSERT_SQL, entityValues(entity));
}

/** `ENTITY_UPSERT_SQL`'s parameters: JSON columns as text, times as epoch ms. */
export function entityValues(e: PortEntity): unknown[] {
  return [
    e.blueprint,
    e.identifier,
    e.title,
    e.icon,
    JSON.stringify(e.team),
    JSON.stringify(e.properties),
    JSON.stringify(e.relations),
    Date.parse(e.createdAt),
    e.createdBy,
    Date.parse(e.updatedAt),
    e.updatedBy,
  ];
}

function decodeEntity(row: SqlRow): PortEntity {
  return {
    identifier: String(row.identifier),
    title: text(row.title),
    icon: text(row.icon),
    blueprint: String(row.blueprint),
    team: fromJsonText(row.team) as string[],
    properties: fromJsonText(row.properties) as Record<string, unknown>,
    relations: fromJsonText(row.relations) as Record<string, RelationValue>,
    createdAt: isoTime(row.created_at),
    createdBy: text(row.created_by),
    updatedAt: isoTime(row.updated_at),
    updatedBy: text(row.updated_by),
  };
}

/** The entity after a write: merge keeps what the body leaves out; replace keeps only timestamps. */
export function buildEntity(
  blueprint: string,
  input: EntityInput & { readonly identifier: string },
  before: PortEntity | null,
  merge: boolean,
  by: string | null,
  now: number,
): PortEntity {
  const base = merge ? before : null;
  const team =
    input.team === undefined
      ? (base?.team ?? [])
      : input.team === null
        ? []
        : typeof input.team === 'string'
          ? [input.team]
          : [...input.team];
  return {
    identifier: input.identifier,
    title: input.title !== undefined ? input.title : (base?.title ?? null),
    icon: input.icon !== undefined ? input.icon : (base?.icon ?? null),
    blueprint,
    team,
    properties: { ...(base?.properties ?? {}), ...(input.properties ?? {}) },
    relations: { ...(base?.relations ?? {}), ...(input.relations ?? {}) },
    createdAt: before?.createdAt ?? new Date(now).toISOString(),
    createdBy: before ? before.createdBy : by,
    updatedAt: new Date(now).toISOString(),
    updatedBy: by,
  };
}

function checkInput(blueprint: string, input: EntityInput & { identifier: string }): void {
  const fail = (message: string): never => {
    throw new StoreError('invalid_request', message);
  };
  if (typeof blueprint !== 'string' || blueprint === '') fail('the blueprint identifier is empty');
  if (
    typeof input.identifier !== 'string' ||
    input.identifier === '' ||
    input.identifier.length > 1000
  ) {
    fail('identifier must be a non-empty string of at most 1000 characters');
  }
  for (const key of ['title', 'icon'] as const) {
    const v = input[key];
    if (v !== undefined && v !== null && typeof v !== 'string') fail(`${key} must be a string`);
  }
  const team = input.team;
  if (
    team !== undefined &&
    team !== null &&
    typeof team !== 'string' &&
    !(Array.isArray(team) && team.every((t: unknown) => typeof t === 'string'))
  ) {
    fail('team must be a string or an array of strings');
  }
  for (const key of ['properties', 'relations'] as const) {
    const v: unknown = input[key];
    if (v !== undefined && (typeof v !== 'object' || v === null || Array.isArray(v))) {
      fail(`${key} must be an object`);
    }
  }
  for (const [name, target] of Object.entries(input.relations ?? {})) {
    const ok =
      target === null ||
      typeof target === 'string' ||
      (Array.isArray(target) && target.every((t: unknown) => typeof t === 'string'));
    if (!ok) fail(`relations.${name} must be an identifier, an array of identifiers, or null`);
  }
}

function checkPage(page: EntityPage): { limit: number; offset: number } {
  const limit = page.limit ?? MAX_LIMIT;
  const offset = page.offset ?? 0;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new StoreError('invalid_request', `limit must be an integer from 1 to ${MAX_LIMIT}`);
  }
  if (!Number.isInteger(offset) || offset < 0) {
    throw new StoreError('invalid_request', 'offset must be a non-negative integer');
  }
  return { limit, offset };
}
