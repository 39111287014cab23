import type { IncomingMessage, ServerResponse } from 'node:http';
import { createNodeMiddleware, createProbot } from 'probot';
import type { BotContext } from '../bot-context.js';
import { githubApp } from './github-app.js';

export const GITHUB_WEBHOOKS_PATH = '/api/github/webhooks';

/** Probot's webhook endpoint as a handler for our own server: true when it handled the request. */
export async function mountGithubApp(
  ctx: BotContext,
  github: NonNullable<BotContext['config']['github']>,
  env: NodeJS.ProcessEnv,
): Promise<(req: IncomingMessage, res: ServerResponse) => Promise<boolean>> {
  const probot = createProbot({
    env: {
      ...env,
      APP_ID: github.appId,
      PRIVATE_KEY: github.privateKey,
      WEBHOOK_SECRET: github.webhookSecret,
    },
    defaults: { log: ctx.log.child({ component: 'probot' }) },
  });
  const middleware = await createNodeMiddleware(githubApp(ctx), {
    probot,
    webhooksPath: GITHUB_WEBHOOKS_PATH,
  });
  return async (req, res) => {
    if (!req.url?.startsWith(GITHUB_WEBHOOKS_PATH)) return false;
    let passed = false;
    await middleware(req, res, () => {
      passed = true;
    });
    return !passed;
  };
}
