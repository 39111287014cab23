import { DEFAULT_DESTINATION_POLICY, type DestinationPolicy } from './destination-policy.js';
import { httpRequestOnce, HttpRequestError, responseBody } from './http-request.js';
import type { ResolveHost } from './resolve-host.js';
import type { WebhookPlan } from '../plan/request-plan.js';
import { isRetryableStatus, retryAfterMs, type SendResult } from './send-result.js';

export interface WebhookOptions {
  /** Default 30 s, as Port's agent. */
  readonly timeoutMs?: number;
  readonly allowMetadataAddresses?: boolean;
  /** Where webhooks may go (default: public addresses only). */
  readonly destinations?: DestinationPolicy;
  readonly resolve?: ResolveHost;
}

/**
 * Delivers a webhook (spec §5.1). Synchronized: 2xx → SUCCESS, any other final status →
 * FAILURE, the response stored. Async: 2xx leaves the run IN_PROGRESS until the backend
 * reports; a final non-2xx → FAILURE. Network errors, 5xx and 429 are retryable.
 */
export async function sendWebhook(
  plan: WebhookPlan,
  options: WebhookOptions = {},
): Promise<SendResult> {
  const started = `Sending ${plan.method} ${redactQuery(plan.url)}`;
  let response;
  try {
    response = await httpRequestOnce({
      method: plan.method,
      url: plan.url,
      headers: plan.headers,
      ...(plan.body === undefined ? {} : { body: plan.bodyText }),
      timeoutMs: options.timeoutMs ?? 30_000,
      destinations: {
        ...(options.destinations ?? DEFAULT_DESTINATION_POLICY),
        ...(options.allowMetadataAddresses ? { allowMetadata: true } : {}),
      },
      ...(options.resolve ? { resolve: options.resolve } : {}),
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof HttpRequestError && !error.retryable) {
      return { outcome: 'done', status: 'FAILURE', summary: message, logs: [started, message] };
    }
    return {
      outcome: 'retry',
      error: `request failed: ${message}`,
      logs: [started, `request failed: ${message}`],
    };
  }
  const body = responseBody(response);
  const line = `The webhook answered with status code ${response.status}`;
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
  const ok = response.status >= 200 && response.status < 300;
  if (response.status >= 300 && response.status < 400) {
    const note = `${line}; redirects are not followed (a redirect could lead anywhere, internal addresses included)`;
    return {
      outcome: 'done',
      status: 'FAILURE',
      httpStatus: response.status,
      response: body,
      summary: `Failed to invoke the webhook with status code: ${response.status} (redirects are not followed)`,
      logs: [started, note],
    };
  }
  if (!ok) {
    return {
      outcome: 'done',
      status: 'FAILURE',
      httpStatus: response.status,
      response: body,
      summary: `Failed to invoke the webhook with status code: ${response.status}`,
      logs: [started, line],
    };
  }
  return {
    outcome: 'done',
    status: plan.synchronized ? 'SUCCESS' : 'IN_PROGRESS',
    httpStatus: response.status,
    response: body,
    logs: [
      started,
      plan.synchronized
        ? `${line}; synchronized webhook, so the run is done`
        : `${line}; the run stays IN_PROGRESS until the backend reports its result`,
    ],
  };
}

/** The URL without its query string, which may carry a token. */
function redactQuery(url: string): string {
  const index = url.indexOf('?');
  return index === -1 ? url : `${url.slice(0, index)}?…`;
}
