import { createNodeMiddleware, createProbot, ProbotOctokit } from 'probot';
import type { BotContext } from '../bot-context.js';
import { routeNotFound } from '../http/route-not-found.js';
import type { NodeRoute } from '../http/http-route.js';
import { GithubSync } from '../sync/github-sync.js';
import type { ReconcileReport } from '../sync/reconcile.js';
import { githubApp } from './github-app.js';
import { InstallationSender } from '../github/installation-sender.js';
import { probotAppClient } from '../github/probot-app-client.js';

export const GITHUB_WEBHOOKS_PATH = '/api/github/webhooks';

/** The mounted GitHub App: Probot's webhook endpoint (a route of the bot's table) and more. */
export interface GithubAppHandle {
  /** `POST /api/github/webhooks`, served by Probot's Node middleware. */
  readonly routes: readonly NodeRoute[];
  readonly sync: GithubSync;
  /** `SendDeps.github`: a request authenticated as the target repository's installation. */
  readonly sender: InstallationSender;
  /** Compares every installed repository's head with its stored commit and re-syncs. */
  reconcile(): Promise<ReconcileReport>;
  stop(): Promise<void>;
}

/**
 * Creates the Probot app (throttling and retry plugins on, unless `githubThrottle` is off),
 * loads the stored definition sets into the registry and starts reconcile and replica refresh.
 */
export async function mountGithubApp(
  ctx: BotContext,
  github: NonNullable<BotContext['config']['github']>,
): Promise<GithubAppHandle> {
  const probot = createProbot({
    // Built from the configuration only: Probot never reads the process environment.
    env: {
      APP_ID: github.appId,
      PRIVATE_KEY: github.privateKey,
      WEBHOOK_SECRET: github.webhookSecret,
      ...(github.gheHost ? { GHE_HOST: github.gheHost } : {}),
      ...(github.gheProtocol ? { GHE_PROTOCOL: github.gheProtocol } : {}),
    },
    defaults: { log: ctx.log.child({ component: 'probot' }) },
    overrides: ctx.config.githubThrottle
      ? {}
      : {
          // A function, applied last: Probot's own defaults replace a plain `throttle` object.
          Octokit: ProbotOctokit.defaults((options: Record<string, unknown>) => ({
            ...options,
            throttle: { ...(options.throttle as object), enabled: false },
            retry: { enabled: false },
          })),
        },
  });
  const client = probotAppClient(probot);
  const sync = new GithubSync(ctx, client, {
    reconcileIntervalMs: ctx.config.reconcileIntervalMs,
    refreshIntervalMs: ctx.config.definitionsRefreshMs,
  });
  const sender = new InstallationSender(client);
  const middleware = await createNodeMiddleware(githubApp(ctx, sync, sender), {
    probot,
    webhooksPath: GITHUB_WEBHOOKS_PATH,
  });
  await sync.start();
  const route: NodeRoute = {
    method: 'POST',
    pattern: GITHUB_WEBHOOKS_PATH,
    async serve(req, res) {
      let passed = false;
      await middleware(req, res, () => {
        passed = true;
      });
      if (passed) throw routeNotFound(req.method ?? 'POST', req.url ?? GITHUB_WEBHOOKS_PATH);
    },
  };
  return {
    routes: [route],
    sync,
    sender,
    reconcile: () => sync.reconcile(),
    stop: () => sync.stop(),
  };
}
