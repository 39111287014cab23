import type { JqEngine } from '../core/jq/jq-engine.js';
import type { BotConfig } from './config/read-config.js';
import type { DefinitionRegistry } from './definitions/definition-registry.js';
import type { LiveFeed } from './live/live-feed.js';
import type { Logger } from './log/create-logger.js';
import type { BotMetrics } from './metrics/bot-metrics.js';
import type { RunChange } from './store/run-record.js';
import type { Store } from './store/store.js';
import type { TimerService } from './timers/timer-service.js';

/** What every part of the running bot shares. */
export interface BotContext {
  readonly config: BotConfig;
  readonly store: Store;
  readonly registry: DefinitionRegistry;
  readonly jq: JqEngine;
  readonly log: Logger;
  readonly metrics: BotMetrics;
  /**
   * Call after any change to a run (API patch, log with terminationStatus, delivery result): the
   * store queued its RUN_UPDATED in the change's transaction; this wakes the chain relay.
   */
  runChanged(change: RunChange): void;
  /** Wakes the dispatcher and the chain relay: new runs (and their RUN_CREATED) are waiting. */
  notifyOutbox(): void;
  /** The timer engine (`SWITCHYARD_TIMERS`); absent in contexts that schedule no timers. */
  readonly timers?: TimerService;
  /** Runs and events as they happen, for `GET /v1/stream`; absent in contexts without a server. */
  readonly live?: LiveFeed;
}
