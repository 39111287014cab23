import type { GithubRequest } from '../../core/backends/send/send-github.js';

/** The default branch of a repository and the commit at its head. */
export async function repositoryHead(
  request: GithubRequest,
  owner: string,
  repo: string,
  defaultBranch?: string,
): Promise<{ branch: string; sha: string }> {
  const branch =
    defaultBranch ??
    (
      (await request('GET /repos/{owner}/{repo}', { owner, repo })).data as {
        default_branch: string;
      }
    ).default_branch;
  const response = await request('GET /repos/{owner}/{repo}/branches/{branch}', {
    owner,
    repo,
    branch,
  });
  return { branch, sha: (response.data as { commit: { sha: string } }).commit.sha };
}
