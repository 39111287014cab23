/** A repository's definitions as the last sync left them (see `Store.saveDefinitionSet`). */
export interface DefinitionSetRecord {
  /** `owner/repo`. */
  readonly repository: string;
  readonly installationId: number | null;
  /** The commit of the active set; null when no commit of the repository was valid yet. */
  readonly commit: string | null;
  /** The active definitions with their origins, as JSON (the registry's `ActiveDefinition[]`). */
  readonly definitions: readonly unknown[];
  /** The last commit synced, valid or not: reconcile compares the branch head with it. */
  readonly syncedCommit: string;
  /** The last sync's load result (the registry's `LoadResult`). */
  readonly result: unknown;
  /** Changes on every write: a replica reloads a set whose revision it has not seen. */
  readonly revision: string;
  readonly updatedAt: string;
}

export interface NewDefinitionSync {
  readonly repository: string;
  readonly installationId: number | null;
  readonly syncedCommit: string;
  readonly result: unknown;
  /** The new active set; absent when the commit was invalid (the previous set stays). */
  readonly active?: { readonly commit: string; readonly definitions: readonly unknown[] };
}

export interface DefinitionSetRevision {
  readonly repository: string;
  readonly revision: string;
}
