import type { SendResult } from '../../core/backends/send/send-result.js';
import type { BotContext } from '../bot-context.js';
import { maskForApi } from '../api/mask-for-api.js';
import { publishStored } from '../live/publish-live.js';

/** Response excerpts keep at most this many characters (the UI's attempt list). */
export const RESPONSE_EXCERPT_LIMIT = 2048;

/**
 * Records one delivery attempt for the UI (time, status code, duration, masked response
 * excerpt, next retry). A failure to record is logged, never fails the delivery.
 */
export async function recordAttempt(
  ctx: BotContext,
  runId: string,
  attempt: { readonly n: number; readonly startedAt: number; readonly durationMs: number },
  result: SendResult,
  nextAttemptAt: number | null,
): Promise<void> {
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
  try {
    await ctx.store.recordDeliveryAttempt(runId, {
      ...attempt,
      statusCode: result.httpStatus ?? null,
      error: error === null ? null : maskForApi(ctx.config, error),
      responseExcerpt:
        response === null
          ? null
          : maskForApi(ctx.config, response.slice(0, RESPONSE_EXCERPT_LIMIT)),
      nextAttemptAt,
    });
    // A retry changes no visible field of the run, but the UI shows its attempts.
    if (nextAttemptAt !== null) publishStored(ctx, { runIds: [runId], kind: 'changed' });
  } catch (failure) {
    ctx.log.error({ err: failure, runId }, 'could not record the delivery attempt');
  }
}
