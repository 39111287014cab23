import { httpRequestOnce, HttpRequestError, responseBody } from './http-request.js';
import type { AzureDevopsPlan } from '../plan/request-plan.js';
import { isRetryableStatus, retryAfterMs, type SendResult } from './send-result.js';

/**
 * Triggers an Azure DevOps pipeline through its incoming webhook (Port's AZURE_DEVOPS
 * backend). 2xx: the pipeline was queued, and the run stays IN_PROGRESS until the pipeline
 * reports through the run API (as with Port); 429, 5xx and network errors retry through the
 * outbox; any other status → FAILURE with Azure DevOps' message.
 */
export async function sendAzureDevops(
  plan: AzureDevopsPlan,
  options: { timeoutMs?: number } = {},
): Promise<SendResult> {
  const started = `Triggering the Azure DevOps incoming webhook ${plan.webhook} of organization ${plan.org}: POST ${plan.url}`;
  let response;
  try {
    response = await httpRequestOnce({
      method: 'POST',
      url: plan.url,
      headers: plan.headers,
      body: plan.bodyText,
      timeoutMs: options.timeoutMs ?? 30_000,
    });
  } catch (error) {
    const message = `request failed: ${(error as Error).message}`;
    if (error instanceof HttpRequestError && !error.retryable) {
      return { outcome: 'done', status: 'FAILURE', summary: message, logs: [started, message] };
    }
    return { outcome: 'retry', error: message, logs: [started, message] };
  }
  const body = responseBody(response);
  const line = `Azure DevOps answered with status code ${response.status}${azureMessage(body)}`;
  if (isRetryableStatus(response.status)) {
    const after = retryAfterMs(response.headers['retry-after'] as string | undefined);
    return {
      outcome: 'retry',
      error: line,
      httpStatus: response.status,
      ...(after === undefined ? {} : { retryAfterMs: after }),
      logs: [started, line],
    };
  }
  if (response.status < 200 || response.status >= 300) {
    return {
      outcome: 'done',
      status: 'FAILURE',
      httpStatus: response.status,
      response: body,
      summary: `Failed to trigger the Azure DevOps webhook ${plan.webhook} with status code: ${response.status}${azureMessage(body)}`,
      logs: [started, line],
    };
  }
  return {
    outcome: 'done',
    status: 'IN_PROGRESS',
    httpStatus: response.status,
    ...(body === undefined || body === '' ? {} : { response: body }),
    logs: [
      started,
      `${line}; the pipeline reports its result through the run API, so the run stays IN_PROGRESS`,
    ],
  };
}

/** `: <message>` from Azure DevOps' error body `{message, typeKey, …}`, when there is one. */
function azureMessage(body: unknown): string {
  const b = body as { message?: unknown; typeKey?: unknown } | null;
  if (typeof b?.message !== 'string') return '';
  return `: ${typeof b.typeKey === 'string' ? `${b.typeKey}: ` : ''}${b.message}`;
}
