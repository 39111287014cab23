import { readFileSync } from 'node:fs';

/** What the runner tells the Action about the workflow run, read from its environment. */
export interface GithubContext {
  readonly eventName: string;
  readonly payload: Record<string, unknown>;
  readonly owner: string;
  readonly repo: string;
  /** Repository root on disk (`GITHUB_WORKSPACE`). */
  readonly workspace: string;
  readonly sha: string;
  /** Where the JSON report goes (`RUNNER_TEMP`, else the workspace). */
  readonly tempDir: string;
  readonly serverUrl: string;
  readonly runUrl?: string;
}

/** Reads `GITHUB_*` variables and the event payload; fails with the variable to set. */
export function readGithubContext(env: NodeJS.ProcessEnv = process.env): GithubContext {
  const repository = env.GITHUB_REPOSITORY ?? '';
  const [owner, repo] = repository.split('/');
  if (!owner || !repo) {
    throw new Error(`GITHUB_REPOSITORY must be "owner/repo", not "${repository}"`);
  }
  let payload: Record<string, unknown> = {};
  if (env.GITHUB_EVENT_PATH) {
    try {
      payload = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) as Record<string, unknown>;
    } catch (error) {
      throw new Error(
        `cannot read the event payload at GITHUB_EVENT_PATH (${env.GITHUB_EVENT_PATH}): ${(error as Error).message}`,
        { cause: error },
      );
    }
  }
  const workspace = env.GITHUB_WORKSPACE || process.cwd();
  const serverUrl = env.GITHUB_SERVER_URL || 'https://github.com';
  return {
    eventName: env.GITHUB_EVENT_NAME ?? '',
    payload,
    owner,
    repo,
    workspace,
    sha: env.GITHUB_SHA ?? '',
    tempDir: env.RUNNER_TEMP || workspace,
    serverUrl,
    ...(env.GITHUB_RUN_ID
      ? { runUrl: `${serverUrl}/${owner}/${repo}/actions/runs/${env.GITHUB_RUN_ID}` }
      : {}),
  };
}

/** The pull request of a `pull_request`/`pull_request_target` payload, if any. */
export function pullRequestOf(
  payload: Record<string, unknown>,
): { number: number; baseSha: string; headSha: string } | undefined {
  const pr = payload.pull_request as
    { number?: unknown; base?: { sha?: unknown }; head?: { sha?: unknown } } | undefined;
  if (!pr || typeof pr.number !== 'number' || typeof pr.base?.sha !== 'string') return undefined;
  return {
    number: pr.number,
    baseSha: pr.base.sha,
    headSha: typeof pr.head?.sha === 'string' ? pr.head.sha : '',
  };
}
