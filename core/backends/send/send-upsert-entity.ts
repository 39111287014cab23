import { httpRequestOnce, HttpRequestError, responseBody } from './http-request.js';
import { portMessage, type PortTokenCache } from './port-token-cache.js';
import type { UpsertEntityPlan } from '../plan/request-plan.js';
import { isRetryableStatus, retryAfterMs, type SendResult } from './send-result.js';

/**
 * Sends an UPSERT_ENTITY plan to Port's API with a cached access token. 2xx → SUCCESS (the
 * entity Port answers is the run's response); 401 drops the token and retries; 429, 5xx and
 * network errors retry through the outbox; any other status → FAILURE with Port's message.
 */
export async function sendUpsertEntityToPort(
  plan: UpsertEntityPlan,
  tokens: PortTokenCache,
  options: { timeoutMs?: number } = {},
): Promise<SendResult> {
  const what = `${plan.blueprint}/${plan.entity.identifier ?? '(generated identifier)'}`;
  const started = `Upserting entity ${what} in Port: POST ${plan.request.url.split('?')[0]}`;
  const token = await tokens.token();
  if (!token.ok) {
    return token.retryable
      ? { outcome: 'retry', error: token.message, logs: [started, token.message] }
      : {
          outcome: 'done',
          status: 'FAILURE',
          summary: token.message,
          logs: [started, token.message],
        };
  }
  let response;
  try {
    response = await httpRequestOnce({
      method: 'POST',
      url: plan.request.url,
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        authorization: `Bearer ${token.token}`,
      },
      body: JSON.stringify(plan.request.body),
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
  const line = `Port answered with status code ${response.status}${portMessage(body)}`;
  if (response.status === 401) {
    tokens.invalidate();
    return { outcome: 'retry', error: line, httpStatus: 401, logs: [started, line] };
  }
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
      summary: `Port refused the entity ${what}${portMessage(body) || ` (${response.status})`}`,
      logs: [started, line],
    };
  }
  const entity = (body as { entity?: { identifier?: unknown } } | null)?.entity;
  const identifier =
    typeof entity?.identifier === 'string' ? entity.identifier : plan.entity.identifier;
  return {
    outcome: 'done',
    status: 'SUCCESS',
    httpStatus: response.status,
    response: body,
    summary: `Upserted entity ${plan.blueprint}/${identifier ?? '?'} in Port`,
    logs: [started, line],
  };
}
