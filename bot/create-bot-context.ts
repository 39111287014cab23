import { hostname } from 'node:os';
import { createJqEngine } from '../core/jq/create-jq-engine.js';
import { newId } from '../core/runs/new-run-id.js';
import type { BotContext } from './bot-context.js';
import type { BotConfig } from './config/read-config.js';
import { DefinitionRegistry } from './definitions/definition-registry.js';
import type { Deliverer } from './deliver/deliverer.js';
import { LiveFeed } from './live/live-feed.js';
import { publishRunChange } from './live/publish-live.js';
import type { Logger } from './log/create-logger.js';
import { createBotMetrics } from './metrics/bot-metrics.js';
import type { ChainRelay } from './runs/chain-relay.js';
import { createStore } from './store/create-store.js';
import { fireTimerBatch } from './timers/fire-timer-batch.js';
import { TimerService } from './timers/timer-service.js';

/**
 * The outbox workers the context wakes. The context and the workers refer to each other: the
 * workers are created second (`createOutboxWorkers`) and set here.
 */
export interface BotOutbox {
  dispatcher?: Deliverer;
  chains?: ChainRelay;
}

export interface BotContextParts {
  readonly ctx: BotContext;
  /** The context's timer engine and live feed, which the bot starts and stops. */
  readonly timers: TimerService;
  readonly live: LiveFeed;
  readonly outbox: BotOutbox;
  /** This process, as the owner of the leases it takes (timers, deliveries, chains). */
  readonly owner: string;
}

/** The bot's shared context: store, registry, jq engine, metrics, timers and live feed. */
export async function createBotContext(
  config: BotConfig,
  log: Logger,
  now: () => number,
): Promise<BotContextParts> {
  const registry = new DefinitionRegistry();
  const store = await createStore({
    ...(config.databaseUrl
      ? { databaseUrl: config.databaseUrl, postgresPoolSize: config.postgresPoolSize }
      : {
          sqlitePath: config.sqlitePath,
          sqliteSynchronous: config.sqliteSynchronous,
          sqliteThread: config.sqliteThread,
        }),
    // RUN_* events are queued with the run change, for the actions something listens to.
    listeners: registry,
    // Whatever a template or a backend's answer did, no secret value is stored about a run.
    secrets: Object.values(config.secrets),
  });
  const jq = createJqEngine({ timeoutMs: config.jqTimeoutMs });
  const outbox: BotOutbox = {};
  const owner = `${hostname()}:${process.pid}:${newId('')}`;
  const timers = new TimerService({
    store,
    registry,
    log,
    config: config.timers,
    owner,
    now,
    fire: (claim, due) => fireTimerBatch(ctx, claim, due),
  });
  const live = new LiveFeed();
  // Without run listeners nothing new is queued for the relay; its poll still finds what was.
  const notifyChains = (): void => {
    const { CREATE, UPDATE } = registry.runListeners();
    if (CREATE.size + UPDATE.size > 0) outbox.chains?.notify();
  };
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
      notifyChains();
    },
    notifyOutbox: () => {
      outbox.dispatcher?.notify();
      notifyChains();
    },
    timers,
    live,
  };
  return { ctx, timers, live, outbox, owner };
}
