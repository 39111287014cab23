import type { GithubPlan } from './request-plan.js';
import { isRetryableStatus, retryAfterMs, type SendResult } from './send-result.js';

/** The subset of Octokit's `request` the GitHub backend uses (an installation token's client). */
export type GithubRequest = (
  route: string,
  parameters: Record<string, unknown>,
) => Promise<{
  status: number;
  data: unknown;
  headers: Record<string, string | number | undefined>;
}>;

interface RepositoryInfo {
  id: number;
  default_branch: string;
  owner: { id: number };
}

/**
 * Dispatches a workflow (spec §5.2): resolves the default branch when the plan has no
 * ref, sends `return_run_details: true`, and links the run. Errors from GitHub that will
 * not change on retry make the run FAILURE with GitHub's message; 5xx and rate limits retry.
 */
export async function sendGithub(plan: GithubPlan, request: GithubRequest): Promise<SendResult> {
  const logs: string[] = [];
  const repo = { owner: plan.owner, repo: plan.repo };
  const failed = (error: unknown) => classify(error, logs);
  let info: RepositoryInfo;
  try {
    info = (await request('GET /repos/{owner}/{repo}', repo)).data as RepositoryInfo;
  } catch (error) {
    return failed(error);
  }
  const ref = plan.ref ?? info.default_branch;
  logs.push(
    `Dispatching workflow ${plan.workflow} in ${plan.owner}/${plan.repo} on ref ${ref}${plan.ref === null ? ' (the default branch)' : ''}`,
  );
  try {
    const response = await request(
      'POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches',
      { ...repo, workflow_id: plan.workflow, ref, inputs: plan.inputs, return_run_details: true },
    );
    const details = response.data as
      { workflow_run_id?: number | bigint; html_url?: string } | undefined;
    if (details?.workflow_run_id === undefined) {
      logs.push('Workflow dispatched; GitHub returned no run details, so the run cannot be linked');
      return { outcome: 'done', status: 'IN_PROGRESS', logs };
    }
    const runId = String(details.workflow_run_id);
    logs.push(`Workflow run started: ${details.html_url ?? runId}`);
    return {
      outcome: 'done',
      status: 'IN_PROGRESS',
      ...(details.html_url ? { link: [details.html_url] } : {}),
      externalRunId: `gh_${info.owner.id}_${info.id}_${runId}`,
      logs,
    };
  } catch (error) {
    return failed(error);
  }
}

function classify(error: unknown, logs: string[]): SendResult {
  const status = (error as { status?: number }).status;
  const message = githubMessage(error);
  if (status === undefined || isRetryableStatus(status) || isRateLimited(error)) {
    const headers = (error as { response?: { headers?: Record<string, string> } }).response
      ?.headers;
    const after = retryAfterMs(headers?.['retry-after']);
    return {
      outcome: 'retry',
      error: `GitHub: ${message}`,
      ...(status === undefined ? {} : { httpStatus: status }),
      ...(after === undefined ? {} : { retryAfterMs: after }),
      logs: [...logs, `GitHub request failed (will retry): ${message}`],
    };
  }
  const line = `Error dispatching workflow: ${message}`;
  return {
    outcome: 'done',
    status: 'FAILURE',
    httpStatus: status,
    summary: line,
    logs: [...logs, line],
  };
}

function isRateLimited(error: unknown): boolean {
  const response = error as { status?: number; response?: { headers?: Record<string, string> } };
  return response.status === 403 && response.response?.headers?.['x-ratelimit-remaining'] === '0';
}

function githubMessage(error: unknown): string {
  const data = (error as { response?: { data?: { message?: string } } }).response?.data;
  return data?.message ?? (error instanceof Error ? error.message : String(error));
}
