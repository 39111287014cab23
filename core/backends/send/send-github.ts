import type { GithubPlan } from '../plan/request-plan.js';
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

/**
 * The workflow input that carries the run id when GitHub does not know `return_run_details`
 * (GitHub Enterprise Server 3.20 and older). Sent only then; the workflow declares it and
 * puts it in its `run-name`, so the run can be found by its `display_title`.
 */
export const CORRELATION_INPUT = 'port_run_id';

export interface GithubSendOptions {
  /** How long to look for the run in the fallback (default 60 s). */
  readonly correlationTimeoutMs?: number;
}

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
export async function sendGithub(
  plan: GithubPlan,
  request: GithubRequest,
  options: GithubSendOptions = {},
): Promise<SendResult> {
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
  const dispatch = { ...repo, workflow_id: plan.workflow, ref };
  let details: { workflow_run_id?: number | bigint; html_url?: string } | undefined;
  try {
    const response = await request(DISPATCH_ROUTE, {
      ...dispatch,
      inputs: plan.inputs,
      return_run_details: true,
    });
    details = response.data as typeof details;
  } catch (error) {
    if (!rejectsRunDetails(error)) return failed(error);
    const found = await dispatchAndCorrelate(plan, request, dispatch, logs, options);
    if ('outcome' in found) return found;
    if (found.workflow_run_id === undefined)
      return { outcome: 'done', status: 'IN_PROGRESS', logs };
    details = found;
  }
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
}

const DISPATCH_ROUTE = 'POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches';

/** GitHub Enterprise Server before `return_run_details`: 400 naming the unknown key. */
function rejectsRunDetails(error: unknown): boolean {
  const status = (error as { status?: number }).status;
  return (status === 400 || status === 422) && /return_run_details/.test(githubMessage(error));
}

/**
 * The fallback: dispatch again without `return_run_details`, with the run id in the
 * correlation input, then list the workflow's recent runs until one's `display_title`
 * (its `run-name`) contains the run id, backing off up to the time limit.
 */
async function dispatchAndCorrelate(
  plan: GithubPlan,
  request: GithubRequest,
  dispatch: { owner: string; repo: string; workflow_id: string; ref: string },
  logs: string[],
  options: GithubSendOptions,
): Promise<SendResult | { workflow_run_id?: number | bigint; html_url?: string }> {
  logs.push(
    `GitHub does not accept return_run_details (GitHub Enterprise Server 3.20 or older): dispatching with the input ${CORRELATION_INPUT}=${plan.runId} and finding the run by its run-name`,
  );
  const since = new Date(Date.now() - 10_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  try {
    await request(DISPATCH_ROUTE, {
      ...dispatch,
      inputs: { ...plan.inputs, [CORRELATION_INPUT]: plan.runId },
    });
  } catch (error) {
    const result = classify(error, logs);
    if (result.outcome === 'done' && githubMessage(error).includes(CORRELATION_INPUT)) {
      const fix = `Declare the input ${CORRELATION_INPUT} in the workflow's workflow_dispatch inputs and add the line run-name: "\${{ github.workflow }} \${{ inputs.${CORRELATION_INPUT} }}"`;
      return { ...result, summary: `${result.summary}. ${fix}`, logs: [...result.logs, fix] };
    }
    return result;
  }
  const timeoutMs = options.correlationTimeoutMs ?? 60_000;
  const deadline = Date.now() + timeoutMs;
  let delay = Math.min(1000, Math.max(10, timeoutMs / 8));
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(delay, deadline - Date.now())));
    try {
      const response = await request(
        'GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs',
        {
          owner: dispatch.owner,
          repo: dispatch.repo,
          workflow_id: dispatch.workflow_id,
          event: 'workflow_dispatch',
          created: `>=${since}`,
          per_page: 100,
        },
      );
      const runs = (
        response.data as {
          workflow_runs?: { id: number | bigint; display_title?: string; html_url?: string }[];
        }
      ).workflow_runs;
      const run = runs?.find((r) => r.display_title?.includes(plan.runId));
      if (run)
        return { workflow_run_id: run.id, ...(run.html_url ? { html_url: run.html_url } : {}) };
    } catch (error) {
      const status = (error as { status?: number }).status;
      if (status !== undefined && !isRetryableStatus(status)) {
        logs.push(`Could not list the workflow's runs: ${githubMessage(error)}`);
        break;
      }
    }
    if (Date.now() >= deadline) break;
    delay = Math.min(delay * 2, 8000);
  }
  logs.push(
    `Workflow dispatched, but no run titled with ${plan.runId} appeared within ${Math.round(timeoutMs / 1000)} s, so the run cannot be linked: give the workflow the line run-name: "\${{ github.workflow }} \${{ inputs.${CORRELATION_INPUT} }}"`,
  );
  return {};
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
