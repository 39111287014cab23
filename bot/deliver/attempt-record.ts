import type { SendResult } from '../../core/backends/send/send-result.js';
import type { BotContext } from '../bot-context.js';
import { maskForApi } from '../api/mask-for-api.js';
import type { NewDeliveryAttempt } from '../store/store.js';

/** Response excerpts keep at most this many characters (the UI's attempt list). */
export const RESPONSE_EXCERPT_LIMIT = 2048;

/**
 * One delivery attempt as the UI lists it (time, status code, duration, masked error and
 * response excerpt, next retry), stored with the result or the retry it led to.
 */
export function attemptRecord(
  ctx: BotContext,
  attempt: { readonly n: number; readonly startedAt: number; readonly durationMs: number },
  result: SendResult,
  nextAttemptAt: number | null,
): NewDeliveryAttempt {
  const response =
    result.outcome === 'done' && result.response !== undefined
      ? typeof result.response === 'string'
        ? result.response
        : JSON.stringify(result.response)
      : null;
  const error =
    result.outcome === 'retry'
      ? result.error
      : result.status === 'FAILURE'
        ? (result.summary ?? 'the backend reported a failure')
        : null;
  return {
    ...attempt,
    statusCode: result.httpStatus ?? null,
    error: error === null ? null : maskForApi(ctx.config, error),
    responseExcerpt:
      response === null ? null : maskForApi(ctx.config, response.slice(0, RESPONSE_EXCERPT_LIMIT)),
    nextAttemptAt,
  };
}
