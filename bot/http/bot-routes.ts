import { apiRoutes } from '../api/api-routes.js';
import type { BotContext } from '../bot-context.js';
import { gitlabRoutes } from '../gitlab/handle-gitlab-webhook.js';
import { eventsRoutes } from '../ingest/handle-events-request.js';
import { streamRoutes } from '../live/stream-route.js';
import { metricsRoutes } from '../metrics/metrics-route.js';
import { uiRoutes } from '../ui/ui-routes.js';
import type { Route } from './http-route.js';

/** Parts of the bot that bring routes only when they are running. */
export interface RouteSources {
  /** Probot's webhook endpoint, when the GitHub App is configured. */
  readonly github?: { readonly routes: readonly Route[] };
  /** Routes added by the caller of `startBot` (`StartBotOptions.routes`), tried last. */
  readonly extra?: readonly Route[];
}

/**
 * Every route the bot serves, in the order they are tried (a route naming the method wins
 * over a `*` route; see `match-route.ts`). To add routes, write a function returning
 * `readonly Route[]` next to the code it serves and list it here (see docs in
 * `bot/http/README.md`).
 */
export function botRoutes(ctx: BotContext, sources: RouteSources = {}): readonly Route[] {
  return [
    ...eventsRoutes(ctx),
    ...gitlabRoutes(ctx),
    ...metricsRoutes(ctx),
    ...streamRoutes(ctx),
    ...apiRoutes(ctx),
    ...uiRoutes(ctx),
    ...(sources.github?.routes ?? []),
    ...(sources.extra ?? []),
  ];
}
