import type { Server } from 'node:http';
import type { SendDeps } from '../core/backends/send/send-plan.js';
import type { BotContext } from './bot-context.js';
import { botSendDeps } from './bot-send-deps.js';
import type { BotConfig } from './config/read-config.js';
import { createBotContext } from './create-bot-context.js';
import { createOutboxWorkers } from './create-outbox-workers.js';
import type { Deliverer } from './deliver/deliverer.js';
import { startLocalDefinitions } from './definitions/start-local-definitions.js';
import { mountGithubApp, type GithubAppHandle } from './github-app/mount-github-app.js';
import { botRoutes } from './http/bot-routes.js';
import type { Route } from './http/http-route.js';
import { startHttpServer, stopHttpServer } from './http/start-http-server.js';
import { createBotKafka, type BotKafka } from './kafka/create-bot-kafka.js';
import type { LiveFeed } from './live/live-feed.js';
import { createLogger, type Logger } from './log/create-logger.js';
import type { ChainRelay } from './runs/chain-relay.js';
import type { TimerService } from './timers/timer-service.js';

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
  const { ctx, timers, live, outbox, owner } = await createBotContext(
    config,
    log,
    options.timers?.now ?? Date.now,
  );
  const stopDefinitions = config.localDefinitions
    ? await startLocalDefinitions(ctx)
    : () => undefined;
  const kafka = createBotKafka(ctx);
  const github = config.github ? await mountGithubApp(ctx, config.github) : undefined;
  const send = botSendDeps(ctx, { kafka: kafka.producer, github }, options.send);
  const { dispatcher, chains } = createOutboxWorkers(ctx, outbox, owner, send, options.dispatcher);
  if (!config.eventsSecret)
    log.warn(
      'SWITCHYARD_EVENTS_SECRET is not set: POST /v1/events accepts unsigned events (fine on a laptop, not in production)',
    );

  const routes = botRoutes(ctx, {
    ...(github ? { github } : {}),
    ...(options.routes ? { extra: options.routes } : {}),
  });
  const { server, url } = await startHttpServer(routes, log, config);
  dispatcher.start();
  chains.start();
  timers.start();
  log.info(
    { url, store: ctx.store.dialect, definitions: ctx.registry.all().length },
    `switchyard listening on ${url}`,
  );

  const parts = { ctx, kafka, stopDefinitions, github, timers, live, server, chains, dispatcher };
  const bot: Bot = {
    url,
    ctx,
    server,
    ...(github ? { github } : {}),
    stop: () => stopBot(parts),
  };
  try {
    await kafka.startEventSource();
  } catch (error) {
    await bot.stop();
    throw error;
  }
  return bot;
}

/** Stops the bot's parts in order: what takes work in first, then the workers, then storage. */
async function stopBot(parts: {
  readonly ctx: BotContext;
  readonly kafka: BotKafka;
  readonly stopDefinitions: () => void;
  readonly github: GithubAppHandle | undefined;
  readonly timers: TimerService;
  readonly live: LiveFeed;
  readonly server: Server;
  readonly chains: ChainRelay;
  readonly dispatcher: Deliverer;
}): Promise<void> {
  await parts.kafka.stopEventSource();
  parts.stopDefinitions();
  await parts.github?.stop();
  await parts.timers.stop();
  parts.live.close();
  await stopHttpServer(parts.server);
  await parts.chains.stop();
  await parts.dispatcher.stop();
  await parts.kafka.disconnectProducer();
  await parts.ctx.jq.close();
  await parts.ctx.store.close();
}
