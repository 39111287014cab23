/** A relation's value: one related identifier, several, or none. */
export type RelationValue = string | readonly string[] | null;

/** Port's entity, as the entity API answers it and as `diff.before/after` of ENTITY_* events. */
export interface PortEntity {
  readonly identifier: string;
  readonly title: string | null;
  readonly icon: string | null;
  readonly blueprint: string;
  readonly team: readonly string[];
  readonly properties: Readonly<Record<string, unknown>>;
  readonly relations: Readonly<Record<string, RelationValue>>;
  /** ISO 8601. */
  readonly createdAt: string;
  readonly createdBy: string | null;
  readonly updatedAt: string;
  readonly updatedBy: string | null;
}

/** The body of `POST /v1/blueprints/{bp}/entities` (Port's shape; `identifier` may be left out). */
export interface EntityInput {
  readonly identifier?: string;
  readonly title?: string | null;
  readonly icon?: string | null;
  /** Port accepts one team or a list. */
  readonly team?: string | readonly string[] | null;
  readonly properties?: Readonly<Record<string, unknown>>;
  readonly relations?: Readonly<Record<string, RelationValue>>;
}
