import type { GithubRequest } from '../../core/backends/send/send-github.js';
import type { Definition } from '../../core/definitions/definition.js';
import { diffDefinitions } from '../../core/definitions/diff-definitions.js';
import { formatProblem } from '../../core/definitions/format-problem.js';
import type { Problem } from '../../core/definitions/problem.js';
import { validateDefinitions } from '../../core/definitions/validate-definitions.js';
import { fetchGithubDefinitionFiles } from '../../core/github/fetch-github-definition-files.js';
import type { BotContext } from '../bot-context.js';
import type { ActiveDefinition } from '../definitions/definition-registry.js';
import { readRepositoryConfig } from './read-repository-config.js';
import { sourceOf, type RepositorySets, type StoredLoadResult } from './repository-sets.js';
import { completeCheckRun, startCheckRun } from './sync-check-run.js';
import { annotationsOf, syncSummary, verbOf } from './sync-summary.js';

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

  let problems: Problem[];
  let definitions: ActiveDefinition[] = [];
  let path = '.github/switchyard.yml';
  let absent = false;
  let snapshots: { file: string; value?: unknown }[] | undefined;
  try {
    const read = await readRepositoryConfig(request, target);
    if (read.problem) problems = [read.problem];
    else {
      path = read.config.path;
      const fetched = await fetchGithubDefinitionFiles(request, {
        owner: target.owner,
        repo: target.repo,
        sha: target.sha,
        path: read.config.path,
        eventsFolder: read.config.eventsFolder,
      });
      absent = fetched.absent;
      const report = await validateDefinitions(fetched.files, ctx.jq);
      problems = report.problems;
      snapshots = report.definitions.map((d) => ({ file: d.file, value: d.value }));
      definitions = report.definitions
        .filter((d) => d.value !== undefined)
        .map((d) => ({
          definition: d.value as Definition,
          origin: { repository, file: d.file, commit: target.sha },
        }));
    }
  } catch (error) {
    if (checkRunId !== undefined) {
      await completeCheckRun(
        request,
        { ...target, id: checkRunId },
        {
          conclusion: 'failure',
          title: 'Could not read the definitions',
          summary: `switchyard could not read this commit through the GitHub API: ${(error as Error).message}. The last good set stays active; the next reconcile tries again.`,
          annotations: [],
        },
        log,
      );
    }
    throw error;
  }

  const errors = problems.filter((p) => p.severity === 'error');
  const activated = errors.length === 0;
  // A configuration error says nothing about the definitions: no changes to show.
  const changes = snapshots
    ? diffDefinitions(
        previous.map((d) => ({ file: d.origin.file, value: d.definition })),
        snapshots,
      )
    : [];
  const result: StoredLoadResult = {
    source: sourceOf(repository),
    at: new Date().toISOString(),
    activated,
    definitions: activated ? definitions.length : previous.length,
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

  const names = (verb: 'created' | 'updated' | 'deleted') =>
    changes
      .filter((c) => verbOf(c) === verb && c.identifier)
      .map((c) => `${repository}:${c.identifier}`);
  if (activated) {
    log.info(
      `synced ${repository}@${target.sha.slice(0, 7)} (${target.reason}): ${definitions.length} definition(s) active; created ${names('created').join(', ') || 'none'}; updated ${names('updated').join(', ') || 'none'}; deleted ${names('deleted').join(', ') || 'none'}`,
    );
  } else {
    for (const problem of errors) log.error(`${repository}: ${formatProblem(problem)}`);
    log.error(
      `${repository}@${target.sha.slice(0, 7)} has ${errors.length} error(s): keeping the last good set of ${previous.length} definition(s)`,
    );
  }
  if (checkRunId !== undefined) {
    const { title, summary } = syncSummary({
      repository,
      sha: target.sha,
      path,
      activated,
      active: activated ? definitions.length : previous.length,
      changes,
      problems,
      absent,
    });
    await completeCheckRun(
      request,
      { ...target, id: checkRunId },
      {
        conclusion: activated ? 'success' : 'failure',
        title,
        summary,
        annotations: annotationsOf(problems),
      },
      log,
    );
  }
  return {
    repository,
    sha: target.sha,
    activated,
    errors,
    created: names('created'),
    updated: names('updated'),
    deleted: names('deleted'),
  };
}
