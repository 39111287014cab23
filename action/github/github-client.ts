import { getOctokit } from '@actions/github';

/** The Octokit the Action uses: `@actions/github`'s, pointed at `GITHUB_API_URL`. */
export type GithubClient = ReturnType<typeof getOctokit>;

export function createGithubClient(token: string): GithubClient {
  if (!token) {
    throw new Error(
      'input "github-token" is empty: pass `github-token: ${{ github.token }}` (the default) or a token with contents: read',
    );
  }
  return getOctokit(token);
}

/** The HTTP status of an Octokit error, if it is one. */
export function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}
