import type { GithubRequest } from '../../core/backends/send/send-github.js';
import type { GithubAppClient } from './github-app-client.js';

/** A repository's installation id stays cached this long (an uninstall webhook clears it). */
const CACHE_MS = 10 * 60_000;

/**
 * `SendDeps.github` for the App: the installation of the target repository (`GET
 * /repos/{owner}/{repo}/installation`, cached) and a request authenticated as it. Not
 * installed there → an error saying so and how to fix it (the run fails with it).
 */
export class InstallationSender {
  private readonly cache = new Map<string, { id: number; until: number }>();

  constructor(
    private readonly client: GithubAppClient,
    private readonly appSettingsUrl = 'https://github.com/settings/installations',
  ) {}

  readonly request = async (owner: string, repo: string): Promise<GithubRequest> => {
    const key = `${owner}/${repo}`.toLowerCase();
    let id = this.cache.get(key);
    if (!id || id.until < Date.now()) {
      let installationId: number;
      try {
        const response = await this.client.app('GET /repos/{owner}/{repo}/installation', {
          owner,
          repo,
        });
        installationId = (response.data as { id: number }).id;
      } catch (error) {
        if ((error as { status?: number }).status === 404) {
          throw new Error(
            `the switchyard GitHub App is not installed on ${owner}/${repo}: install it on that repository (${this.appSettingsUrl}, or the app's page → Configure) with the "Actions: write" permission`,
            { cause: error },
          );
        }
        throw new Error(
          `could not find the GitHub App's installation on ${owner}/${repo}: ${(error as Error).message}`,
          { cause: error },
        );
      }
      id = { id: installationId, until: Date.now() + CACHE_MS };
      this.cache.set(key, id);
    }
    return this.client.installation(id.id);
  };

  /** Forgets cached installations (all, or of these repositories / this installation). */
  forget(filter: { repositories?: readonly string[]; installationId?: number } = {}): void {
    if (!filter.repositories && filter.installationId === undefined) this.cache.clear();
    for (const repository of filter.repositories ?? []) this.cache.delete(repository.toLowerCase());
    for (const [key, value] of this.cache)
      if (value.id === filter.installationId) this.cache.delete(key);
  }
}
