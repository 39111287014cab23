import type { GithubRequest } from '../../core/backends/send/send-github.js';

/** What the bot needs of its GitHub App: app-level calls (JWT) and installation clients. */
export interface GithubAppClient {
  /** Authenticated as the app (a JWT): installations, a repository's installation. */
  readonly app: GithubRequest;
  /** Authenticated as an installation (its token, cached and renewed by Probot). */
  installation(installationId: number): Promise<GithubRequest>;
}

/** Every page of a list endpoint (`per_page=100`); `pick` takes the items out of a page. */
export async function listAll<T>(
  request: GithubRequest,
  route: string,
  parameters: Record<string, unknown>,
  pick: (data: unknown) => readonly T[],
): Promise<T[]> {
  const all: T[] = [];
  for (let page = 1; ; page++) {
    const items = pick((await request(route, { ...parameters, per_page: 100, page })).data);
    all.push(...items);
    if (items.length < 100) return all;
  }
}
