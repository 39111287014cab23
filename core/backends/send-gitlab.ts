import { httpRequestOnce, responseBody } from './http-request.js';
import type { GitlabPlan } from './request-plan.js';
import { isRetryableStatus, retryAfterMs, type SendResult } from './send-result.js';

export interface GitlabOptions {
  /** The project's pipeline trigger token, resolved by the caller from `plan.tokenVariable`. */
  readonly token: string | undefined;
  readonly timeoutMs?: number;
}

/** Triggers a GitLab pipeline (spec §5.3); the run stays IN_PROGRESS until the pipeline hook reports. */
export async function sendGitlab(plan: GitlabPlan, options: GitlabOptions): Promise<SendResult> {
  const logs = [
    `Triggering GitLab pipeline for ${plan.project} on ref ${plan.ref}${plan.refSource === 'fallback-main' ? ' (no ref given and no default branch known, so "main")' : ''}`,
  ];
  if (!options.token) {
    const line = `No trigger token for ${plan.project}: set the environment variable ${plan.tokenVariable} (or configure a secret for it)`;
    return { outcome: 'done', status: 'FAILURE', summary: line, logs: [...logs, line] };
  }
  let response;
  try {
    response = await httpRequestOnce({
      method: 'POST',
      url: plan.url,
      headers: { 'Content-Type': 'application/json', 'X-Switchyard-Run-Id': plan.runId },
      body: JSON.stringify({ token: options.token, ref: plan.ref, variables: plan.variables }),
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
    ...(body.id !== undefined ? { externalRunId: `gl_${body.project_id}_${body.id}` } : {}),
    logs: [...logs, `Pipeline triggered: ${body.web_url ?? body.id}`],
  };
}
