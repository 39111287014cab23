import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BotContext } from '../bot-context.js';
import { sendJson } from '../http/send-json.js';
import { isStoreError } from '../store/store-error.js';
import { ApiError } from './api-error.js';
import type { ApiRoute } from './api-route.js';
import { authenticate, warnIfApiIsOpen } from './authenticate.js';
import { authRoutes } from './auth-routes.js';
import { automationRoutes } from './automation-routes.js';
import { entityRoutes } from './entity-routes.js';
import { executeActionRoutes } from './execute-action-route.js';
import { healthRoutes } from './health-route.js';
import { matchRoute } from './match-route.js';
import { runLogRoutes } from './run-log-routes.js';
import { runRoutes } from './run-routes.js';

/** Order matters where patterns overlap: `/v1/actions/runs/x` is a run before it is an action. */
const ROUTES: readonly ApiRoute[] = [
  ...healthRoutes,
  ...authRoutes,
  ...runRoutes,
  ...runLogRoutes,
  ...executeActionRoutes,
  ...automationRoutes,
  ...entityRoutes,
];

/** Paths under these belong to this API: an unknown one is a 404 here, not someone else's. */
const PREFIXES = [
  '/healthz',
  '/v1/auth',
  '/v1/actions',
  '/v1/automations',
  '/v1/poison-messages',
  '/v1/blueprints',
  '/v1/entities',
];

const STORE_STATUS = {
  not_found: 404,
  run_exhausted: 422,
  invalid_request: 422,
  identifier_taken: 409,
} as const;

/**
 * Serves the Port-compatible API (run API, access tokens, self-service execution) and the
 * bot's own `/v1/automations`, `/v1/poison-messages`, `/healthz`. Returns false for a path it
 * does not own, so the server can hand the request on (Probot's webhooks, `/v1/events`, …).
 */
export async function handleApiRequest(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: BotContext,
): Promise<boolean> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const path = url.pathname.length > 1 ? url.pathname.replace(/\/$/, '') : url.pathname;
  if (!PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`))) return false;
  warnIfApiIsOpen(ctx);
  const method = req.method ?? 'GET';
  try {
    const match = matchRoute(ROUTES, method, decodeSegments(path));
    if (match.kind === 'none') {
      throw new ApiError(404, 'not_found', `there is no route ${method} ${path}`);
    }
    if (match.kind === 'wrong-method') {
      const allow = match.allow.join(', ');
      throw new ApiError(
        405,
        'method_not_allowed',
        `${path} accepts ${allow}, not ${method}`,
        {},
        { allow },
      );
    }
    const caller = match.route.auth ? authenticate(req, ctx.config, Date.now()) : { subject: null };
    const answer = await match.route.handle({
      req,
      ctx,
      params: match.params,
      query: url.searchParams,
      caller,
    });
    sendJson(res, answer.status, answer.body);
  } catch (error) {
    sendFailure(res, ctx, error, method, path);
  }
  return true;
}

function sendFailure(
  res: ServerResponse,
  ctx: BotContext,
  error: unknown,
  method: string,
  path: string,
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (error instanceof ApiError) {
    sendJson(
      res,
      error.status,
      { ok: false, error: error.code, message: error.message, ...error.extra },
      { ...error.headers },
    );
  } else if (isStoreError(error)) {
    sendJson(res, STORE_STATUS[error.code], {
      ok: false,
      error: error.code,
      message: error.message,
    });
  } else {
    ctx.log.error({ err: error, method, path }, 'the API request failed');
    sendJson(res, 500, {
      ok: false,
      error: 'internal_error',
      message: 'the request failed; see the bot log',
    });
  }
}

/** Path segments, percent-decoded (an action identifier may hold an encoded `/`). */
function decodeSegments(path: string): string[] {
  return path
    .split('/')
    .slice(1)
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        throw new ApiError(
          400,
          'invalid_request',
          `the path segment "${segment}" is not valid percent-encoding`,
        );
      }
    });
}
