import type { ApplicationFunction } from 'probot';
import type { BotContext } from '../bot-context.js';

/**
 * The Probot app: registers GitHub webhook handlers and hands over to plain modules.
 * Repository sync and workflow status reporting hook in here.
 */
export function githubApp(ctx: BotContext): ApplicationFunction {
  return (app) => {
    app.onAny(async (context) => {
      ctx.log.debug({ event: context.name, id: context.id }, 'GitHub webhook received');
    });
    app.onError(async (error) => {
      ctx.log.error({ err: error }, 'GitHub webhook handler failed');
    });
  };
}
