import { diffDefinitions } from '../../core/definitions/diff-definitions.js';
import type { Problem } from '../../core/definitions/problem.js';
import type { BotContext } from '../bot-context.js';
import type { ActiveDefinition } from '../definitions/definition-registry.js';
import type { RepositoryDefinitions } from './read-repository-definitions.js';
import { sourceOf, type RepositorySets, type StoredLoadResult } from './repository-sets.js';
import type { SyncReport } from './sync-summary.js';

/** What a sync did, and its error-level problems. */
export interface RecordedSync extends SyncReport {
  readonly absent: boolean;
  readonly errors: Problem[];
}

/**
 * Records a sync in the store, then the registry: the new set becomes active when it has no
 * error; otherwise the last good set (`previous`) stays and the rejected result is kept.
 */
export async function recordSync(
  ctx: BotContext,
  sets: RepositorySets,
  target: { readonly installationId: number | null; readonly sha: string },
  repository: string,
  read: RepositoryDefinitions,
  previous: readonly ActiveDefinition[],
): Promise<RecordedSync> {
  const { problems, definitions, path } = read;
  const errors = problems.filter((p) => p.severity === 'error');
  const activated = errors.length === 0;
  // A configuration error says nothing about the definitions: no changes to show.
  const changes = read.snapshots
    ? diffDefinitions(
        previous.map((d) => ({ file: d.origin.file, value: d.definition })),
        read.snapshots,
      )
    : [];
  const active = activated ? definitions.length : previous.length;
  const result: StoredLoadResult = {
    source: sourceOf(repository),
    at: new Date().toISOString(),
    activated,
    definitions: active,
    errors,
    warnings: problems.length - errors.length,
    commit: target.sha,
    path,
  };
  const record = await ctx.store.saveDefinitionSet({
    repository,
    installationId: target.installationId,
    syncedCommit: target.sha,
    result,
    ...(activated ? { active: { commit: target.sha, definitions } } : {}),
  });
  sets.apply(record);
  return {
    repository,
    sha: target.sha,
    path,
    activated,
    active,
    changes,
    problems,
    absent: read.absent,
    errors,
  };
}
