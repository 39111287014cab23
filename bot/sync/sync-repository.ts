import type { GithubRequest } from '../../core/backends/send/send-github.js';
import type { Problem } from '../../core/definitions/problem.js';
import type { BotContext } from '../bot-context.js';
import type { ActiveDefinition } from '../definitions/definition-registry.js';
import { logSync } from './log-sync.js';
import {
  readRepositoryDefinitions,
  type RepositoryDefinitions,
} from './read-repository-definitions.js';
import { recordSync } from './record-sync.js';
import type { RepositorySets } from './repository-sets.js';
import { completeSyncCheckRun, failSyncCheckRun, startCheckRun } from './sync-check-run.js';
import { changedNames } from './sync-summary.js';

export interface SyncTarget {
  readonly installationId: number | null;
  readonly owner: string;
  readonly repo: string;
  /** The commit to sync (the default branch head). */
  readonly sha: string;
  /** An installation-authenticated Octokit `request`. */
  readonly request: GithubRequest;
  /** Why: `push`, `installation`, `reconcile`… (for the log). */
  readonly reason: string;
}

export interface SyncOutcome {
  readonly repository: string;
  readonly sha: string;
  readonly activated: boolean;
  readonly errors: readonly Problem[];
  readonly created: string[];
  readonly updated: string[];
  readonly deleted: string[];
}

/**
 * Syncs one repository at one commit: reads `.github/switchyard.yml` and the definitions
 * folder through the API, validates them with `core/`, and activates the set atomically (in
 * the store, then the registry) when it has no error; otherwise the last good set stays.
 * Every sync leaves a `switchyard/sync` check run on the commit with what changed and an
 * annotation per problem. A failure to read GitHub is thrown (nothing is recorded, so
 * reconcile tries again).
 */
export async function syncRepository(
  ctx: BotContext,
  sets: RepositorySets,
  target: SyncTarget,
): Promise<SyncOutcome> {
  const repository = `${target.owner}/${target.repo}`;
  const log = ctx.log.child({ repository, commit: target.sha.slice(0, 7), reason: target.reason });
  const { request } = target;
  const checkRunId = await startCheckRun(request, target, log);
  const [stored] = await ctx.store.listDefinitionSets([repository]);
  const previous = (stored?.definitions ?? []) as ActiveDefinition[];

  let read: RepositoryDefinitions;
  try {
    read = await readRepositoryDefinitions(request, target, ctx.jq);
  } catch (error) {
    if (checkRunId !== undefined)
      await failSyncCheckRun(request, { ...target, id: checkRunId }, error, log);
    throw error;
  }

  const sync = await recordSync(ctx, sets, target, repository, read, previous);
  const names = changedNames(repository, sync.changes);
  logSync(log, sync, names, target.reason);
  if (checkRunId !== undefined)
    await completeSyncCheckRun(request, { ...target, id: checkRunId }, sync, log);
  return {
    repository,
    sha: target.sha,
    activated: sync.activated,
    errors: sync.errors,
    ...names,
  };
}
