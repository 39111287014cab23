import type { BotContext } from '../bot-context.js';
import type { ActiveDefinition, LoadResult } from '../definitions/definition-registry.js';
import type { DefinitionSetRecord } from '../store/definition-set.js';

/** The registry source of a repository's set. */
export function sourceOf(repository: string): string {
  return `github:${repository}`;
}

/** A load result as stored: the registry's, plus the definitions path that sync used. */
export type StoredLoadResult = LoadResult & { readonly path?: string };

/**
 * Keeps the registry in step with the sets in the store: every set at start (no re-fetch
 * after a restart), then only the sets whose revision changed, so replicas sharing one
 * PostgreSQL converge on what any of them synced.
 */
export class RepositorySets {
  private readonly seen = new Map<string, string>();

  constructor(private readonly ctx: BotContext) {}

  /** Activates a record's set (or records its rejected result) in the registry. */
  apply(record: DefinitionSetRecord): void {
    const source = sourceOf(record.repository);
    const result = record.result as StoredLoadResult;
    if (record.commit === null) this.ctx.registry.reject(result);
    else this.ctx.registry.activate(source, record.definitions as ActiveDefinition[], result);
    this.seen.set(record.repository, record.revision);
  }

  /** Removes repositories' sets from the registry (the store rows are already gone). */
  forget(repositories: readonly string[]): void {
    for (const repository of repositories) {
      this.ctx.registry.remove(sourceOf(repository));
      this.seen.delete(repository);
    }
  }

  /** Loads every stored set; returns how many. */
  async loadAll(): Promise<number> {
    const records = await this.ctx.store.listDefinitionSets();
    for (const record of records) this.apply(record);
    return records.length;
  }

  /** Reloads the sets another replica changed and drops those it removed. */
  async refresh(): Promise<{ reloaded: string[]; removed: string[] }> {
    const revisions = await this.ctx.store.listDefinitionSetRevisions();
    const changed = revisions
      .filter((r) => this.seen.get(r.repository) !== r.revision)
      .map((r) => r.repository);
    const present = new Set(revisions.map((r) => r.repository));
    const removed = [...this.seen.keys()].filter((repository) => !present.has(repository));
    this.forget(removed);
    if (changed.length)
      for (const record of await this.ctx.store.listDefinitionSets(changed)) this.apply(record);
    return { reloaded: changed, removed };
  }
}
