import type { BotContext } from '../bot-context.js';
import type { GithubAppClient } from '../github/github-app-client.js';
import { reconcile, type ReconcileReport } from './reconcile.js';
import { repositoryHead } from './repository-head.js';
import { RepositorySets } from './repository-sets.js';
import { SyncQueue } from './sync-queue.js';
import { syncRepository, type SyncOutcome } from './sync-repository.js';

export interface GithubSyncOptions {
  /** Periodic reconcile (0: never). */
  readonly reconcileIntervalMs: number;
  /** How often to pick up sets other replicas synced (0: never). */
  readonly refreshIntervalMs: number;
}

/**
 * Repository sync for the GitHub App: one sync at a time per repository, sets persisted and
 * shared through the store, a periodic reconcile for webhooks GitHub never redelivers.
 */
export class GithubSync {
  readonly sets: RepositorySets;
  private readonly queue = new SyncQueue();
  private readonly timers: NodeJS.Timeout[] = [];
  private stopped = false;

  constructor(
    readonly ctx: BotContext,
    readonly client: GithubAppClient,
    private readonly options: GithubSyncOptions,
  ) {
    this.sets = new RepositorySets(ctx);
  }

  /** Loads the stored sets into the registry (no GitHub call) and starts the timers. */
  async start(): Promise<void> {
    const count = await this.sets.loadAll();
    if (count)
      this.ctx.log.info(`loaded the definition sets of ${count} repository(ies) from the store`);
    const every = (ms: number, what: string, work: () => Promise<unknown>) => {
      if (ms <= 0) return;
      let running = false;
      const timer = setInterval(() => {
        if (running || this.stopped) return;
        running = true;
        work()
          .catch((error: unknown) => this.ctx.log.error({ err: error }, `${what} failed`))
          .finally(() => (running = false));
      }, ms);
      timer.unref();
      this.timers.push(timer);
    };
    every(this.options.reconcileIntervalMs, 'reconcile', () => this.reconcile());
    every(this.options.refreshIntervalMs, 'reloading definition sets', () => this.sets.refresh());
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearInterval(timer);
    await this.queue.idle();
  }

  /** Syncs a repository at a commit (default: its default branch head), after any sync in flight. */
  sync(options: {
    installationId: number;
    owner: string;
    repo: string;
    sha?: string;
    defaultBranch?: string;
    reason: string;
  }): Promise<SyncOutcome> {
    const { owner, repo } = options;
    return this.queue.run(`${owner}/${repo}`, async () => {
      const request = await this.client.installation(options.installationId);
      const sha =
        options.sha ?? (await repositoryHead(request, owner, repo, options.defaultBranch)).sha;
      return syncRepository(this.ctx, this.sets, {
        installationId: options.installationId,
        owner,
        repo,
        sha,
        request,
        reason: options.reason,
      });
    });
  }

  /** The repository's stored set: its definitions path and last synced commit. */
  async stored(repository: string): Promise<{ path?: string; syncedCommit: string } | undefined> {
    const [record] = await this.ctx.store.listDefinitionSets([repository]);
    if (!record) return undefined;
    return { path: (record.result as { path?: string }).path, syncedCommit: record.syncedCommit };
  }

  /** Uninstalled: the repositories' (or the installation's) automations are removed. */
  async remove(filter: {
    repositories?: readonly string[];
    installationId?: number;
  }): Promise<string[]> {
    const removed = new Set<string>();
    for (const repository of filter.repositories ?? []) {
      await this.queue.run(repository, async () => {
        for (const r of await this.ctx.store.deleteDefinitionSets({ repository })) removed.add(r);
      });
    }
    if (filter.installationId !== undefined) {
      for (const r of await this.ctx.store.deleteDefinitionSets({
        installationId: filter.installationId,
      }))
        removed.add(r);
    }
    this.sets.forget([...removed]);
    if (removed.size)
      this.ctx.log.info(`removed the automations of ${[...removed].join(', ')} (uninstalled)`);
    return [...removed].sort();
  }

  /** Compares every installed repository's default branch head with its stored commit. */
  reconcile(): Promise<ReconcileReport> {
    return reconcile(this);
  }

  /** Resolves when every queued sync has finished (tests). */
  idle(): Promise<void> {
    return this.queue.idle();
  }
}
