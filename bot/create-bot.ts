import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { Octokit } from '@octokit/core';
import { PortTokenCache } from '../core/backends/send/port-token-cache.js';
import type { SendDeps } from '../core/backends/send/send-plan.js';
import { catalogSender } from './entities/send-to-catalog.js';
import { createJqEngine } from '../core/jq/create-jq-engine.js';
import { newId } from '../core/runs/new-run-id.js';
import type { BotContext } from './bot-context.js';
import type { BotConfig } from './config/read-config.js';
import { DefinitionRegistry } from './definitions/definition-registry.js';
import { startLocalDefinitions } from './definitions/start-local-definitions.js';
import { Deliverer } from './deliver/deliverer.js';
import { mountGithubApp, type GithubAppHandle } from './github-app/mount-github-app.js';
import { botRoutes } from './http/bot-routes.js';
import type { Route } from './http/http-route.js';
import { serveRoutes } from './http/serve-routes.js';
import { createBotKafka } from './kafka/create-bot-kafka.js';
import { LiveFeed } from './live/live-feed.js';
import { publishRunChange } from './live/publish-live.js';
import { createLogger, type Logger } from './log/create-logger.js';
import { createBotMetrics } from './metrics/bot-metrics.js';
import { ChainRelay } from './runs/chain-relay.js';
import { hasRunListeners } from './runs/has-run-listeners.js';
import { createStore } from './store/create-store.js';
import { fireTimerBatch } from './timers/fire-timer-batch.js';
import { TimerService } from './timers/timer-service.js';
import { dnsServersResolve } from '../core/backends/send/resolve-host.js';
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
  readonly log?: Logger;
  /** More routes for the bot's one route table (tried after the bot's own). */
  readonly routes?: readonly Route[];
  /** Overrides for tests (e.g. a GitHub client pointed at a fake). */
  readonly send?: Partial<SendDeps>;
  readonly dispatcher?: {
    readonly pollMs?: number;
    readonly leaseMs?: number;
  };
  /** Timers: the clock they compare due times with (tests move it instead of waiting). */
  readonly timers?: { readonly now?: () => number };
}

/**
 * Starts the bot: store, jq engine, definitions, dispatcher and the HTTP server (ingest,
 * run API, health, and Probot's webhooks when GitHub App credentials are configured).
 */
export async function startBot(config: BotConfig, options: StartBotOptions = {}): Promise<Bot> {
  const log =
    options.log ??
    createLogger({
      level: config.logLevel,
      format: config.logFormat,
      secrets: Object.values(config.secrets),
    });
  const registry = new DefinitionRegistry();
  const store = await createStore({
    ...(config.databaseUrl
      ? { databaseUrl: config.databaseUrl }
      : { sqlitePath: config.sqlitePath, sqliteSynchronous: config.sqliteSynchronous }),
    // RUN_* events are queued with the run change, for the actions something listens to.
    chains: (action, change) => hasRunListeners(registry, action, change),
    // Whatever a template or a backend's answer did, no secret value is stored about a run.
    secrets: Object.values(config.secrets),
  });
  const jq = createJqEngine({ timeoutMs: config.jqTimeoutMs });
  // The context and the dispatcher refer to each other; the dispatcher is created second.
  const outbox: { dispatcher?: Deliverer; chains?: ChainRelay } = {};
  const owner = `${hostname()}:${process.pid}:${newId('')}`;
  const timers = new TimerService({
    store,
    registry,
    log,
    config: config.timers,
    owner,
    now: options.timers?.now ?? Date.now,
    fire: (claim, due) => fireTimerBatch(ctx, claim, due),
  });
  const live = new LiveFeed();
  const ctx: BotContext = {
    config,
    store,
    registry,
    jq,
    log,
    metrics: createBotMetrics(),
    // The store queued the change's RUN_UPDATED (if anything listens): the relay raises it.
    runChanged(change) {
      publishRunChange(ctx, 'changed', change.after);
      outbox.chains?.notify();
    },
    notifyOutbox: () => {
      outbox.dispatcher?.notify();
      outbox.chains?.notify();
    },
    timers,
    live,
  };

  const stopDefinitions = config.localDefinitions
    ? await startLocalDefinitions(ctx)
    : () => undefined;
  const kafka = createBotKafka(ctx);
  const github = config.github ? await mountGithubApp(ctx, config.github) : undefined;
  const send = {
    catalog: catalogSender(ctx),
    ...(config.portAccount ? { portTokens: new PortTokenCache(config.portAccount) } : {}),
    ...(kafka.producer ? { kafka: kafka.producer } : {}),
    ...(github ? { github: github.sender.request } : {}),
    ...options.send,
  };
  const dispatcher = new Deliverer(ctx, sendDeps(config, send), {
    owner,
    concurrency: config.deliveryConcurrency,
    attempts: config.deliveryAttempts,
    leaseMs: options.dispatcher?.leaseMs ?? config.webhookTimeoutMs * 2 + 10_000,
    backoffBaseMs: config.retryBaseMs,
    ...(options.dispatcher?.pollMs === undefined ? {} : { pollMs: options.dispatcher.pollMs }),
  });
  outbox.dispatcher = dispatcher;
  const chains = new ChainRelay(ctx, {
    owner,
    ...(options.dispatcher?.pollMs === undefined ? {} : { pollMs: options.dispatcher.pollMs }),
  });
  outbox.chains = chains;
  if (!config.eventsSecret)
    log.warn(
      'SWITCHYARD_EVENTS_SECRET is not set: POST /v1/events accepts unsigned events (fine on a laptop, not in production)',
    );

  const routes = botRoutes(ctx, {
    ...(github ? { github } : {}),
    ...(options.routes ? { extra: options.routes } : {}),
  });
  const server = createServer(SERVER_TIMEOUTS, serveRoutes(routes, log));
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  dispatcher.start();
  chains.start();
  timers.start();
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
      await timers.stop();
      live.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        // Requests still in flight get a moment to finish, then their connections close.
        setTimeout(() => server.closeAllConnections(), 2000).unref();
      });
      await chains.stop();
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

function sendDeps(config: BotConfig, overrides: Partial<SendDeps> = {}): SendDeps {
  const token = config.githubToken;
  const baseUrl = config.githubApiUrl;
  return {
    webhookTimeoutMs: config.webhookTimeoutMs,
    allowMetadataAddresses: config.allowMetadataAddresses,
    destinations: {
      allowed: config.allowedDestinations,
      allowMetadata: config.allowMetadataAddresses,
    },
    ...(config.dnsServers ? { resolve: dnsServersResolve(config.dnsServers) } : {}),
    githubCorrelationTimeoutMs: config.githubCorrelationTimeoutMs,
    gitlabToken: config.gitlabTriggerToken,
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
