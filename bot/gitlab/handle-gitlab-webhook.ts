import { createHash, timingSafeEqual } from 'node:crypto';
import type { BotContext } from '../bot-context.js';
import { HttpError } from '../http/http-error.js';
import type { HandlerRoute, HttpRequest, HttpResponse } from '../http/http-route.js';
import { parseJson } from '../http/read-body.js';
import { closePipelineRun } from './close-pipeline-run.js';

/** Pipeline hooks carry the pipeline's builds; GitLab caps webhook bodies at 25 MB. */
const MAX_HOOK_BYTES = 25 << 20;

/**
 * `POST /v1/gitlab/webhooks`: GitLab's project or group webhook. `X-Gitlab-Token` must equal
 * `SWITCHYARD_GITLAB_WEBHOOK_TOKEN` (compared in constant time); a "Pipeline Hook" with a
 * final status closes its run. Other events are acknowledged and ignored, so GitLab does not
 * disable the hook. The work is two small queries, done before the 200. The body is read
 * only once the token holds.
 */
export async function handleGitlabWebhook(
  ctx: BotContext,
  request: HttpRequest,
): Promise<HttpResponse> {
  const expected = ctx.config.gitlabWebhookToken;
  if (!expected) {
    throw new HttpError(
      404,
      'not_found',
      'GitLab webhooks are off: set SWITCHYARD_GITLAB_WEBHOOK_TOKEN and use it as the secret token of the GitLab webhook',
    );
  }
  const given = request.headers['x-gitlab-token'];
  if (typeof given !== 'string' || !sameToken(given, expected)) {
    ctx.log.warn('GitLab webhook with a missing or wrong X-Gitlab-Token refused');
    throw new HttpError(
      401,
      'invalid_token',
      'X-Gitlab-Token is missing or does not match SWITCHYARD_GITLAB_WEBHOOK_TOKEN',
    );
  }
  const event = request.headers['x-gitlab-event'];
  if (event !== 'Pipeline Hook') {
    return { status: 200, body: { ok: true, ignored: `not a Pipeline Hook: ${String(event)}` } };
  }
  const outcome = await closePipelineRun(ctx, parseJson(await request.body()));
  return { status: 200, body: { ok: true, ...outcome }, ids: { runs: outcome.closed } };
}

export function gitlabRoutes(ctx: BotContext): readonly HandlerRoute[] {
  return [
    {
      method: 'POST',
      pattern: '/v1/gitlab/webhooks',
      bodyLimit: MAX_HOOK_BYTES,
      handle: (request) => handleGitlabWebhook(ctx, request),
    },
  ];
}

/** Constant-time comparison that does not reveal the expected token's length either. */
function sameToken(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}
