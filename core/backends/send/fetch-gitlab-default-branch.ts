import { httpRequestOnce, responseBody } from './http-request.js';
import { isRetryableStatus } from './send-result.js';

export type DefaultBranchResult =
  | { readonly ok: true; readonly branch: string }
  | { readonly ok: false; readonly retryable: boolean; readonly error: string };

/**
 * Asks GitLab for a project's default branch: `GET /api/v4/projects/:id` with a token that
 * can read the project (a trigger token cannot). `projectUrl` is that endpoint.
 */
export async function fetchGitlabDefaultBranch(
  projectUrl: string,
  readToken: string,
  timeoutMs = 10_000,
): Promise<DefaultBranchResult> {
  let response;
  try {
    response = await httpRequestOnce({
      method: 'GET',
      url: projectUrl,
      headers: { 'PRIVATE-TOKEN': readToken, Accept: 'application/json' },
      timeoutMs,
    });
  } catch (error) {
    return { ok: false, retryable: true, error: (error as Error).message };
  }
  if (response.status !== 200) {
    return {
      ok: false,
      retryable: isRetryableStatus(response.status),
      error: `GitLab answered ${response.status}`,
    };
  }
  const body = responseBody(response) as { default_branch?: unknown } | null;
  const branch = body && typeof body === 'object' ? body.default_branch : undefined;
  if (typeof branch !== 'string' || branch === '') {
    return { ok: false, retryable: false, error: 'the project has no default branch' };
  }
  return { ok: true, branch };
}
