import type { BotContext } from '../bot-context.js';
import { listAll, type GithubAppClient } from '../github/github-app-client.js';
import { repositoryHead } from './repository-head.js';

/** What reconcile uses of the sync (`GithubSync`, which calls it: declared here, not imported). */
export interface ReconcileTarget {
  readonly ctx: BotContext;
  readonly client: GithubAppClient;
  sync(options: {
    installationId: number;
    owner: string;
    repo: string;
    sha?: string;
    reason: string;
  }): Promise<unknown>;
  remove(filter: { repositories?: readonly string[] }): Promise<string[]>;
}

export interface ReconcileReport {
  /** Repositories looked at. */
  readonly checked: number;
  /** Repositories synced because their head differed from the stored commit. */
  readonly synced: string[];
  /** Stored repositories no installation reaches any more: their automations were removed. */
  readonly removed: string[];
  /** Repositories that could not be checked, with why. */
  readonly failed: { repository: string; error: string }[];
}

interface Repository {
  readonly full_name: string;
  readonly name: string;
  readonly owner: { readonly login: string };
  readonly default_branch: string;
  readonly archived?: boolean;
}

/**
 * Catches what webhooks missed: lists the app's installations and their repositories,
 * compares each default branch head with the commit last synced, re-syncs what differs, and
 * removes the sets of repositories no installation includes any more.
 */
export async function reconcile(sync: ReconcileTarget): Promise<ReconcileReport> {
  const { ctx, client } = sync;
  const installations = await listAll(
    client.app,
    'GET /app/installations',
    {},
    (data) => data as { id: number }[],
  );
  const stored = new Map(
    (await ctx.store.listDefinitionSets()).map((record) => [
      record.repository,
      record.syncedCommit,
    ]),
  );
  const seen = new Set<string>();
  const synced: string[] = [];
  const failed: { repository: string; error: string }[] = [];
  let complete = true;
  for (const installation of installations) {
    let repositories: Repository[];
    try {
      const request = await client.installation(installation.id);
      repositories = await listAll(
        request,
        'GET /installation/repositories',
        {},
        (data) => (data as { repositories: Repository[] }).repositories,
      );
      for (const repository of repositories) {
        seen.add(repository.full_name);
        try {
          const head = await repositoryHead(
            request,
            repository.owner.login,
            repository.name,
            repository.default_branch,
          );
          if (stored.get(repository.full_name) === head.sha) continue;
          await sync.sync({
            installationId: installation.id,
            owner: repository.owner.login,
            repo: repository.name,
            sha: head.sha,
            reason: 'reconcile',
          });
          synced.push(repository.full_name);
        } catch (error) {
          failed.push({ repository: repository.full_name, error: (error as Error).message });
        }
      }
    } catch (error) {
      complete = false;
      ctx.log.warn(
        { err: error },
        `reconcile: could not list the repositories of installation ${installation.id}`,
      );
    }
  }
  const gone = complete ? [...stored.keys()].filter((repository) => !seen.has(repository)) : [];
  const removed = gone.length ? await sync.remove({ repositories: gone }) : [];
  for (const f of failed) ctx.log.warn(`reconcile: ${f.repository}: ${f.error}`);
  ctx.log.info(
    `reconcile: ${seen.size} repository(ies) checked, ${synced.length} synced, ${removed.length} removed`,
  );
  return { checked: seen.size, synced, removed, failed };
}
