import type { GithubSync } from './github-sync.js';
import { pushNeedsSync, type PushSummary } from './push-needs-sync.js';
import type { InstallationSender } from '../github/installation-sender.js';

interface RepositoryRef {
  readonly full_name: string;
}

interface InstallationRef {
  readonly installation?: { readonly id: number };
}

function split(fullName: string): { owner: string; repo: string } {
  const [owner, repo] = fullName.split('/') as [string, string];
  return { owner, repo };
}

/** Syncs repositories one after the other; one failing does not stop the others. */
async function syncAll(
  sync: GithubSync,
  installationId: number,
  repositories: readonly RepositoryRef[],
  reason: string,
): Promise<void> {
  for (const repository of repositories) {
    await sync
      .sync({ installationId, ...split(repository.full_name), reason })
      .catch((error: unknown) =>
        sync.ctx.log.error({ err: error }, `could not sync ${repository.full_name} (${reason})`),
      );
  }
}

/** `push`: sync when the default branch changed the definitions folder or the config. */
export async function onPush(
  sync: GithubSync,
  payload: PushSummary & InstallationRef & { repository: RepositoryRef },
): Promise<void> {
  const repository = payload.repository.full_name;
  const installationId = payload.installation?.id;
  if (installationId === undefined) return;
  const stored = await sync.stored(repository);
  if (!pushNeedsSync(payload, stored ? (stored.path ?? undefined) : undefined)) {
    sync.ctx.log.debug(
      `push to ${repository} ${payload.ref}: no definition changed, nothing to sync`,
    );
    return;
  }
  await sync.sync({ installationId, ...split(repository), sha: payload.after, reason: 'push' });
}

/** `installation` created (or permissions accepted, unsuspended): sync its repositories. */
export async function onInstalled(
  sync: GithubSync,
  sender: InstallationSender,
  payload: { installation: { id: number }; repositories?: readonly RepositoryRef[] },
): Promise<void> {
  sender.forget({ installationId: payload.installation.id });
  let repositories = payload.repositories;
  if (!repositories) {
    // "All repositories" installations may omit the list: ask for it.
    const request = await sync.client.installation(payload.installation.id);
    repositories = (
      (await request('GET /installation/repositories', { per_page: 100 })).data as {
        repositories: RepositoryRef[];
      }
    ).repositories;
  }
  await syncAll(sync, payload.installation.id, repositories, 'installation');
}

/** `installation` deleted or suspended: remove every repository's automations. */
export async function onUninstalled(
  sync: GithubSync,
  sender: InstallationSender,
  payload: { installation: { id: number }; repositories?: readonly RepositoryRef[] },
): Promise<void> {
  sender.forget({ installationId: payload.installation.id });
  await sync.remove({
    installationId: payload.installation.id,
    repositories: (payload.repositories ?? []).map((r) => r.full_name),
  });
}

/** `installation_repositories`: sync the added repositories, remove the removed ones. */
export async function onRepositoriesChanged(
  sync: GithubSync,
  sender: InstallationSender,
  payload: {
    action: string;
    installation: { id: number };
    repositories_added?: readonly RepositoryRef[];
    /** GitHub's webhook schema makes every field optional here in an `added` event. */
    repositories_removed?: readonly Partial<RepositoryRef>[];
  },
): Promise<void> {
  const removed = (payload.repositories_removed ?? []).flatMap((r) =>
    r.full_name === undefined ? [] : [r.full_name],
  );
  sender.forget({ repositories: removed });
  if (removed.length) await sync.remove({ repositories: removed });
  await syncAll(sync, payload.installation.id, payload.repositories_added ?? [], 'installation');
}
