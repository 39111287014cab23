import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BotContext } from '../bot-context.js';
import { BodyTooLargeError, readBody } from '../http/read-body.js';
import { parseJsonBody } from '../http/parse-json-body.js';
import { sendError, sendJson } from '../http/send-json.js';
import { closePipelineRun } from './close-pipeline-run.js';

/** Pipeline hooks carry the pipeline's builds; GitLab caps webhook bodies at 25 MB. */
const MAX_HOOK_BYTES = 25 << 20;

/**
 * `POST /v1/gitlab/webhooks`: GitLab's project or group webhook. `X-Gitlab-Token` must equal
 * `SWITCHYARD_GITLAB_WEBHOOK_TOKEN` (compared in constant time); a "Pipeline Hook" with a
 * final status closes its run. Other events are acknowledged and ignored, so GitLab does not
 * disable the hook. The work is two small queries, done before the 200.
 */
export async function handleGitlabWebhook(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: BotContext,
): Promise<void> {
  if (req.method !== 'POST') {
    req.resume();
    return sendError(res, 405, 'method_not_allowed', 'use POST');
  }
  const expected = ctx.config.gitlabWebhookToken;
  if (!expected) {
    req.resume();
    return sendError(
      res,
      404,
      'not_found',
      'GitLab webhooks are off: set SWITCHYARD_GITLAB_WEBHOOK_TOKEN and use it as the secret token of the GitLab webhook',
    );
  }
  const given = req.headers['x-gitlab-token'];
  if (typeof given !== 'string' || !sameToken(given, expected)) {
    req.resume();
    ctx.log.warn('GitLab webhook with a missing or wrong X-Gitlab-Token refused');
    return sendError(
      res,
      401,
      'invalid_token',
      'X-Gitlab-Token is missing or does not match SWITCHYARD_GITLAB_WEBHOOK_TOKEN',
    );
  }
  const event = req.headers['x-gitlab-event'];
  if (event !== 'Pipeline Hook') {
    req.resume();
    return sendJson(res, 200, { ok: true, ignored: `not a Pipeline Hook: ${String(event)}` });
  }
  let body: Buffer;
  try {
    body = await readBody(req, MAX_HOOK_BYTES);
  } catch (error) {
    if (error instanceof BodyTooLargeError)
      return sendError(res, 413, 'payload_too_large', 'the body is larger than 25 MiB');
    throw error;
  }
  const json = parseJsonBody(body);
  if (!json.ok) return sendError(res, 400, 'invalid_json', json.message);
  const parsed = json.value;
  const outcome = await closePipelineRun(ctx, parsed);
  sendJson(res, 200, { ok: true, ...outcome });
}

/** Constant-time comparison that does not reveal the expected token's length either. */
function sameToken(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}
