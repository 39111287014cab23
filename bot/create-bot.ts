import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { Octokit } from '@octokit/core';
import type { SendDeps } from '../core/backends/send-plan.js';
import { createJqEngine } from '../core/jq/create-jq-engine.js';
import { newId } from '../core/runs/new-run-id.js';
import type { BotContext } from './bot-context.js';
import type { BotConfig } from './config/read-config.js';
import { DefinitionRegistry } from './definitions/definition-registry.js';
import { startLocalDefinitions } from './definitions/start-local-definitions.js';
import { Dispatcher } from './dispatch/dispatcher.js';
import { mountGithubApp, type GithubAppHandle } from './github/mount-github-app.js';
import { gitlabTokenOf } from './gitlab/gitlab-token-of.js';
import { handleGitlabWebhook } from './gitlab/handle-gitlab-webhook.js';
import { sendError } from './http/send-json.js';
import { handleEventsRequest } from './ingest/handle-events-request.js';
import { createBotKafka } from './kafka/create-bot-kafka.js';
import { createLogger, type Logger } from './log/create-logger.js';
import { createBotMetrics } from './metrics/bot-metrics.js';
import { fireRunEvent, hasRunListeners } from './runs/fire-run-event.js';
import { createStore } from './store/create-store.js';
import { handleApiRequest } from './api/handle-api-request.js';
import { dnsServersResolve } from '../core/backends/resolve-host.js';
import { SERVER_TIMEOUTS } from './http/server-timeouts.js';

export interface Bot {
  readonly url: string;
  readonly ctx: BotContext;
  readonly server: Server;
  /** The GitHub App, when configured: repository sync, reconcile, installation clients. */
  readonly github?: GithubAppHandle;
  stop(): Promise<void>;
}

export interface StartBotOptions {
  /** The environment the configuration came from: GitLab trigger tokens are looked up in it. */
  readonly env?: NodeJS.ProcessEnv;
  readonly log?: Logger;
  /** Overrides for tests (e.g. a GitHub client pointed at a fake). */
  readonly send?: Partial<SendDeps>;
  readonly dispatcher?: {
    readonly pollMs?: number;
    readonly backoffBaseMs?: number;
    readonly leaseMs?: number;
  };
}

/**
 * Starts the bot: store, jq engine, definitions, dispatcher and the HTTP server (ingest,
 * run API, health, and Probot's webhooks when GitHub App credentials are configured).
 */
export async function startBot(config: BotConfig, options: StartBotOptions = {}): Promise<Bot> {
  const env = options.env ?? process.env;
  const log = options.log ?? createLogger({ level: config.logLevel, format: config.logFormat });
  const store = await createStore({
    ...(config.databaseUrl
      ? { databaseUrl: config.databaseUrl }
      : { sqlitePath: config.sqlitePath, sqliteSynchronous: config.sqliteSynchronous }),
  });
  const jq = createJqEngine({ timeoutMs: config.jqTimeoutMs });
  const registry = new DefinitionRegistry();
  // The context and the dispatcher refer to each other; the dispatcher is created second.
  const outbox: { dispatcher?: Dispatcher } = {};
  const ctx: BotContext = {
    config,
    store,
    registry,
    jq,
    log,
    metrics: createBotMetrics(),
    runChanged(change) {
      if (!hasRunListeners(ctx, change.after.action.identifier, 'UPDATE')) return;
      fireRunEvent(ctx, change.after, change.before).catch((error: unknown) =>
        log.error({ err: error, runId: change.after.id }, 'could not raise RUN_UPDATED'),
      );
    },
    notifyOutbox: () => outbox.dispatcher?.notify(),
  };

  const stopDefinitions =
    config.github && !env.SWITCHYARD_DEFINITIONS
      ? () => undefined
      : await startLocalDefinitions(ctx);
  const kafka = createBotKafka(ctx);
  const github = config.github ? await mountGithubApp(ctx, config.github, env) : undefined;
  const send = {
    ...(kafka.producer ? { kafka: kafka.producer } : {}),
    ...(github ? { github: github.sender.request } : {}),
    ...options.send,
  };
  const dispatcher = new Dispatcher(ctx, sendDeps(config, env, send), {
    owner: `${hostname()}:${process.pid}:${newId('')}`,
    concurrency: config.deliveryConcurrency,
    attempts: config.deliveryAttempts,
    leaseMs: options.dispatcher?.leaseMs ?? config.webhookTimeoutMs * 2 + 10_000,
    ...(options.dispatcher?.pollMs === undefined ? {} : { pollMs: options.dispatcher.pollMs }),
    ...(options.dispatcher?.backoffBaseMs === undefined
      ? {}
      : { backoffBaseMs: options.dispatcher.backoffBaseMs }),
  });
  outbox.dispatcher = dispatcher;
  if (!config.eventsSecret)
    log.warn(
      'SWITCHYARD_EVENTS_SECRET is not set: POST /v1/events accepts unsigned events (fine on a laptop, not in production)',
    );

  const route = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/v1/events') {
      if (req.method !== 'POST') return sendError(res, 405, 'method_not_allowed', 'use POST', {});
      return handleEventsRequest(req, res, ctx);
    }
    if (path === '/v1/gitlab/webhooks') return handleGitlabWebhook(req, res, ctx);
    if (path === '/metrics' && req.method === 'GET') {
      ctx.metrics.activeDefinitions.set(registry.all().length);
      res.writeHead(200, { 'content-type': ctx.metrics.registry.contentType });
      res.end(await ctx.metrics.registry.metrics());
      return;
    }
    if (await handleApiRequest(req, res, ctx)) return;
    if (github && (await github(req, res))) return;
    sendError(res, 404, 'not_found', `no route for ${req.method} ${path}`);
  };
  const server = createServer(SERVER_TIMEOUTS, (req, res) => {
    route(req, res).catch((error: unknown) => {
      log.error({ err: error, url: req.url }, 'request failed');
      if (!res.headersSent)
        sendError(res, 500, 'internal_error', 'the request failed; see the server log');
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  dispatcher.start();
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  log.info(
    { url, store: store.dialect, definitions: registry.all().length },
    `switchyard listening on ${url}`,
  );

  const bot: Bot = {
    url,
    ctx,
    server,
    ...(github ? { github } : {}),
    async stop() {
      await kafka.stopEventSource();
      stopDefinitions();
      await github?.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        // Requests still in flight get a moment to finish, then their connections close.
        setTimeout(() => server.closeAllConnections(), 2000).unref();
      });
      await dispatcher.stop();
      await kafka.disconnectProducer();
      await jq.close();
      await store.close();
    },
  };
  try {
    await kafka.startEventSource();
  } catch (error) {
    await bot.stop();
    throw error;
  }
  return bot;
}

function sendDeps(
  config: BotConfig,
  env: NodeJS.ProcessEnv,
  overrides: Partial<SendDeps> = {},
): SendDeps {
  const token = env.SWITCHYARD_GITHUB_TOKEN;
  const baseUrl = env.GITHUB_API_URL ?? 'https://api.github.com';
  return {
    webhookTimeoutMs: config.webhookTimeoutMs,
    allowMetadataAddresses: config.allowMetadataAddresses,
    destinations: {
      allowed: config.allowedDestinations,
      allowMetadata: config.allowMetadataAddresses,
    },
    ...(config.dnsServers ? { resolve: dnsServersResolve(config.dnsServers) } : {}),
    githubCorrelationTimeoutMs: config.githubCorrelationTimeoutMs,
    gitlabToken: (variable) => gitlabTokenOf(variable, env, config.secrets),
    ...(config.gitlabReadToken ? { gitlabReadToken: config.gitlabReadToken } : {}),
    ...(token
      ? {
          github: async () => {
            const octokit = new Octokit({ auth: token, baseUrl });
            return (route, parameters) => octokit.request(route, parameters) as never;
          },
        }
      : {}),
    ...overrides,
  };
}
