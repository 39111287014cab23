import type { BotContext } from '../bot-context.js';
import type { HandlerRoute, HttpResponse } from '../http/http-route.js';
import { agentRoutes } from './agent-routes.js';
import { routeNotFound } from '../http/route-not-found.js';
import type { ApiRoute } from './api-route.js';
import { assertUiAvailable, authenticate, warnIfApiIsOpen } from './authenticate.js';
import { authRoutes } from './auth-routes.js';
import { automationRoutes } from './automation-routes.js';
import { entityRoutes } from './entity-routes.js';
import { executeActionRoutes } from './execute-action-route.js';
import { healthRoutes } from './health-route.js';
import { runLogRoutes } from './run-log-routes.js';
import { runRoutes } from './run-routes.js';
import { timerRoutes } from './timer-routes.js';
import { uiSessionRoutes } from './ui-session-routes.js';
import { eventRoutes } from './event-routes.js';
import { runActionRoutes } from './run-action-routes.js';

/** Order matters where patterns overlap: `/v1/actions/runs/x` is a run before it is an action. */
const ROUTES: readonly ApiRoute[] = [
  ...healthRoutes,
  ...authRoutes,
  ...agentRoutes,
  ...runRoutes,
  ...runActionRoutes,
  ...runLogRoutes,
  ...executeActionRoutes,
  ...automationRoutes,
  ...timerRoutes,
  ...entityRoutes,
  ...uiSessionRoutes,
  ...eventRoutes,
];

/** Paths under these belong to this API: an unknown one is a 404 here, not someone else's. */
const PREFIXES = [
  '/v1/auth',
  '/v1/actions',
  '/v1/automations',
  '/v1/poison-messages',
  '/v1/timers',
  '/v1/blueprints',
  '/v1/entities',
  '/v1/workflows',
  '/v1/events',
  '/v1/ui',
  '/v1/stream',
  '/v1/definition-sets',
];

/**
 * The Port-compatible API (run API, access tokens, self-service execution) and the bot's own
 * `/v1/automations`, `/v1/poison-messages`, `/healthz`, as HTTP routes: each checks the
 * caller's token when the route needs one, then runs the API handler.
 */
export function apiRoutes(ctx: BotContext): readonly HandlerRoute[] {
  const routes: HandlerRoute[] = ROUTES.map((route) => ({
    method: route.method,
    pattern: route.pattern,
    async handle(request): Promise<HttpResponse> {
      warnIfApiIsOpen(ctx);
      if (route.ui) assertUiAvailable(ctx.config);
      const caller = route.auth ? authenticate(request, ctx.config, Date.now()) : { subject: null };
      return route.handle({
        req: request,
        ctx,
        params: request.params,
        query: request.query,
        caller,
      });
    },
  }));
  for (const prefix of PREFIXES) {
    routes.push({
      method: '*',
      pattern: `${prefix}/*rest`,
      handle: async (request) => {
        throw routeNotFound(request.method, request.path);
      },
    });
  }
  return routes;
}
