import { fetchGitlabDefaultBranch } from './fetch-gitlab-default-branch.js';
import { httpRequestOnce, responseBody } from './http-request.js';
import type { GitlabPlan } from '../plan/request-plan.js';
import { isRetryableStatus, retryAfterMs, type SendResult } from './send-result.js';

/** A trigger token as the host found it: the token, nothing, or why it could not be read. */
export type GitlabToken = string | undefined | { readonly error: string };

export interface GitlabOptions {
  /** The project's pipeline trigger token, resolved by the caller from `plan.tokenVariable`. */
  readonly token: GitlabToken;
  /**
   * A token that can read projects (`PRIVATE-TOKEN`): when the plan names no ref, the
   * project's default branch is asked of the API; without it the ref is `main`.
   */
  readonly readToken?: string;
  readonly timeoutMs?: number;
}

/** Triggers a GitLab pipeline (spec §5.3); the run stays IN_PROGRESS until the pipeline hook reports. */
export async function sendGitlab(plan: GitlabPlan, options: GitlabOptions): Promise<SendResult> {
  const logs: string[] = [];
  const token = options.token;
  if (typeof token !== 'string' || token === '') {
    const line =
      typeof token === 'object'
        ? `No trigger token for ${plan.project}: ${token.error}`
        : `No trigger token for ${plan.project}: set the environment variable ${plan.tokenVariable} (or configure a secret for it)`;
    return { outcome: 'done', status: 'FAILURE', summary: line, logs: [line] };
  }
  let ref = plan.ref;
  let refNote = '';
  if (plan.refSource === 'fallback-main') {
    if (options.readToken) {
      const projectUrl = plan.url.replace(/\/trigger\/pipeline$/, '');
      const found = await fetchGitlabDefaultBranch(projectUrl, options.readToken);
      if (found.ok) {
        ref = found.branch;
        refNote = ' (no ref given: the project default branch)';
      } else if (found.retryable) {
        const line = `Could not read the default branch of ${plan.project}: ${found.error}`;
        return { outcome: 'retry', error: line, logs: [line] };
      } else {
        refNote = ` (no ref given and the default branch could not be read: ${found.error}; so "main")`;
      }
    } else {
      refNote =
        ' (no ref given and no GitLab read token configured to ask for the default branch, so "main")';
    }
  }
  logs.push(`Triggering GitLab pipeline for ${plan.project} on ref ${ref}${refNote}`);
  let response;
  try {
    response = await httpRequestOnce({
      method: 'POST',
      url: plan.url,
      headers: { 'Content-Type': 'application/json', 'X-Switchyard-Run-Id': plan.runId },
      body: JSON.stringify({ token, ref, variables: plan.variables }),
      timeoutMs: options.timeoutMs ?? 30_000,
    });
  } catch (error) {
    const message = (error as Error).message;
    return {
      outcome: 'retry',
      error: `GitLab request failed: ${message}`,
      logs: [...logs, `GitLab request failed: ${message}`],
    };
  }
  const body = responseBody(response) as {
    id?: number;
    project_id?: number;
    web_url?: string;
    message?: unknown;
  };
  if (isRetryableStatus(response.status)) {
    const after = retryAfterMs(response.headers['retry-after'] as string | undefined);
    return {
      outcome: 'retry',
      error: `GitLab answered ${response.status}`,
      httpStatus: response.status,
      ...(after === undefined ? {} : { retryAfterMs: after }),
      logs: [...logs, `GitLab answered ${response.status}`],
    };
  }
  if (response.status !== 201 && response.status !== 200) {
    const detail =
      typeof body === 'object' && body ? JSON.stringify(body.message ?? body) : String(body);
    const line = `GitLab refused the trigger (${response.status}): ${detail}`;
    return {
      outcome: 'done',
      status: 'FAILURE',
      httpStatus: response.status,
      response: body,
      summary: line,
      logs: [...logs, line],
    };
  }
  return {
    outcome: 'done',
    status: 'IN_PROGRESS',
    httpStatus: response.status,
    response: body,
    ...(body.web_url ? { link: [body.web_url] } : {}),
    ...(body.id !== undefined && body.project_id !== undefined
      ? { externalRunId: `gl_${body.project_id}_${body.id}` }
      : {}),
    logs: [...logs, `Pipeline triggered: ${body.web_url ?? body.id}`],
  };
}
