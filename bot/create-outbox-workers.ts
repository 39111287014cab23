import type { SendDeps } from '../core/backends/send/send-plan.js';
import type { BotContext } from './bot-context.js';
import type { BotOutbox } from './create-bot-context.js';
import { Deliverer } from './deliver/deliverer.js';
import { ChainRelay } from './runs/chain-relay.js';

export interface OutboxWorkerOptions {
  readonly pollMs?: number;
  readonly leaseMs?: number;
}

/**
 * The dispatcher (delivers queued runs with `send`) and the chain relay (raises queued RUN_*
 * events), handed to the context's outbox so it can wake them; not started yet.
 */
export function createOutboxWorkers(
  ctx: BotContext,
  outbox: BotOutbox,
  owner: string,
  send: SendDeps,
  options: OutboxWorkerOptions = {},
): { dispatcher: Deliverer; chains: ChainRelay } {
  const { config } = ctx;
  const dispatcher = new Deliverer(ctx, send, {
    owner,
    concurrency: config.deliveryConcurrency,
    attempts: config.deliveryAttempts,
    leaseMs: options.leaseMs ?? config.webhookTimeoutMs * 2 + 10_000,
    backoffBaseMs: config.retryBaseMs,
    ...(options.pollMs === undefined ? {} : { pollMs: options.pollMs }),
  });
  outbox.dispatcher = dispatcher;
  const chains = new ChainRelay(ctx, {
    owner,
    ...(options.pollMs === undefined ? {} : { pollMs: options.pollMs }),
  });
  outbox.chains = chains;
  return { dispatcher, chains };
}
