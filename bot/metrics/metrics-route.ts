import type { BotContext } from '../bot-context.js';
import type { HandlerRoute } from '../http/http-route.js';

/** `GET /metrics`: the bot's Prometheus metrics, in Prometheus' text format. */
export function metricsRoutes(ctx: BotContext): readonly HandlerRoute[] {
  return [
    {
      method: 'GET',
      pattern: '/metrics',
      async handle() {
        ctx.metrics.activeDefinitions.set(ctx.registry.all().length);
        return {
          status: 200,
          headers: { 'content-type': ctx.metrics.registry.contentType },
          body: await ctx.metrics.registry.metrics(),
        };
      },
    },
  ];
}
