import type { EntityInput, PortEntity } from '../../core/entities/port-entity.js';
import type { EntitySearchQuery } from '../../core/entities/entity-search.js';

export type { EntityInput, PortEntity };

/** How `upsertEntity` treats an entity that exists (Port's `upsert` / `merge` query flags). */
export interface UpsertEntityOptions {
  /** false: an existing identifier is refused (`identifier_taken`). Port's default: false. */
  readonly upsert: boolean;
  /**
   * true: the given properties and relations are merged into the stored ones (given keys
   * replace, others stay); false: the entity is replaced by the body.
   */
  readonly merge: boolean;
  /** Port's `create_missing_related_entities`: related identifiers that do not exist are created
   * (identifier only) instead of refused. Relations need the related blueprint, so they are
   * created only when `relationTargets` names it. */
  readonly createMissingRelatedEntities?: boolean;
  /** relation name → target blueprint, when known (needed for `createMissingRelatedEntities`). */
  readonly relationTargets?: Readonly<Record<string, string>>;
  /** Who writes (`createdBy` / `updatedBy`). */
  readonly by: string | null;
  /** Epoch ms; default: the store's clock. */
  readonly now?: number;
}

/** One write: the entity before (null when created) and after (null when deleted). */
export interface EntityChange {
  readonly before: PortEntity | null;
  readonly after: PortEntity | null;
}

export interface UpsertedEntity extends EntityChange {
  readonly after: PortEntity;
  /** Related entities created by `createMissingRelatedEntities`, each a change of its own. */
  readonly created: readonly EntityChange[];
}

export interface EntityPage {
  /** 1–10000, default 10000. */
  readonly limit?: number;
  readonly offset?: number;
}

/**
 * The embedded entity catalog (Port's entity shape), kept current from every accepted ENTITY_*
 * event and written by the entity API and the UPSERT_ENTITY backend. Same behaviour over SQLite
 * and PostgreSQL. Refusals throw `StoreError` (`not_found`, `identifier_taken`,
 * `invalid_request`).
 */
export interface EntityCatalog {
  getEntity(blueprint: string, identifier: string): Promise<PortEntity | null>;
  /** Identifier order. */
  listEntities(blueprint: string, page?: EntityPage): Promise<PortEntity[]>;
  /** Creates, replaces or merges one entity (see `UpsertEntityOptions`), atomically. */
  upsertEntity(
    blueprint: string,
    input: EntityInput & { readonly identifier: string },
    options: UpsertEntityOptions,
  ): Promise<UpsertedEntity>;
  /** Throws `not_found` when absent; returns what was deleted. */
  deleteEntity(blueprint: string, identifier: string): Promise<EntityChange>;
  /** Port's search (combinator and/or, rules); identifier order within blueprint. */
  searchEntities(query: EntitySearchQuery, page?: EntityPage): Promise<PortEntity[]>;
}
