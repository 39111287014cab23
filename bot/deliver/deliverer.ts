import { sendPlan, type SendDeps } from '../../core/backends/send/send-plan.js';
import { signPlan } from '../../core/backends/sign/sign-plan.js';
import type { BotContext } from '../bot-context.js';
import { publishStored } from '../live/publish-live.js';
import { runVisiblyChanged } from '../store/run-visibly-changed.js';
import type { ClaimedDelivery, RunResult } from '../store/store.js';
import { backoffDelay } from './backoff-delay.js';
import { AGENT_QUEUED_LOG, isAgentRun } from './is-agent-run.js';
import { attemptRecord } from './attempt-record.js';
import { resolvePlan } from './resolve-plan.js';

export interface DelivererOptions {
  /** This replica's id: only it completes what it claimed. */
  readonly owner: string;
  readonly concurrency: number;
  /** Delivery attempts before a run fails (network errors, 5xx, 429). */
  readonly attempts: number;
  /** How long a claim lasts; a crashed replica's claims become claimable again after it. */
  readonly leaseMs: number;
  /** How often to look for due retries when nothing wakes the dispatcher. */
  readonly pollMs?: number;
  readonly backoffBaseMs?: number;
}

/**
 * Delivers queued runs from the durable outbox with bounded concurrency. Every delivery is
 * claimed with a lease, so after a crash or restart (of this replica or another) every
 * undelivered run is delivered; transient failures are retried with backoff and jitter.
 */
export class Deliverer {
  private running = false;
  private readonly inflight = new Set<Promise<void>>();
  private wake: (() => void) | undefined;
  private loopDone: Promise<void> | undefined;

  constructor(
    private readonly ctx: BotContext,
    private readonly deps: SendDeps,
    private readonly options: DelivererOptions,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loopDone = this.loop();
  }

  /** New work is waiting. */
  notify(): void {
    this.wake?.();
  }

  /** Stops claiming and waits for deliveries in flight. */
  async stop(): Promise<void> {
    this.running = false;
    this.notify();
    await this.loopDone;
    await Promise.all(this.inflight);
  }

  private async loop(): Promise<void> {
    const pollMs = this.options.pollMs ?? 500;
    while (this.running) {
      const free = this.options.concurrency - this.inflight.size;
      let claimed: ClaimedDelivery[] = [];
      if (free > 0) {
        try {
          claimed = await this.ctx.store.claimDeliveries({
            owner: this.options.owner,
            limit: free,
            leaseMs: this.options.leaseMs,
          });
        } catch (error) {
          this.ctx.log.error({ err: error }, 'could not claim deliveries; retrying');
        }
      }
      for (const delivery of claimed) {
        const task: Promise<void> = this.deliver(delivery)
          .catch((error: unknown) =>
            this.ctx.log.error(
              { err: error, runId: delivery.run.id },
              'delivery failed unexpectedly',
            ),
          )
          .finally(() => {
            this.inflight.delete(task);
            this.notify();
          });
        this.inflight.add(task);
      }
      if (claimed.length === 0 || this.inflight.size >= this.options.concurrency) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, pollMs);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wake = undefined;
      }
    }
  }

  private async deliver({ run, attempt }: ClaimedDelivery): Promise<void> {
    const { ctx, options } = this;
    const log = ctx.log.child({
      runId: run.id,
      automation: run.action.identifier,
      eventId: run.eventId,
    });
    if (!run.delivery) {
      await ctx.store.completeDelivery(run.id, options.owner);
      return;
    }
    if (isAgentRun(run)) {
      // Not sent here: it waits in the agent queue for port-agent (claim-pending).
      if (await ctx.store.queueForAgent(run.id, options.owner, AGENT_QUEUED_LOG))
        log.info('queued for an execution agent');
      return;
    }
    const resolved = await resolvePlan(ctx, run.delivery);
    if (!resolved.plan) {
      const summary = `The payload could not be rendered: ${resolved.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`;
      log.warn(summary);
      await this.finish(run.id, { status: 'FAILURE', summary, logs: [summary] });
      return;
    }
    const plan = signPlan(resolved.plan, ctx.config.webhookSecret);
    const timer = ctx.metrics.deliverySeconds.startTimer({ backend: plan.type });
    const startedAt = Date.now();
    const result = await sendPlan(plan, this.deps);
    timer();
    const attempted = { n: attempt, startedAt, durationMs: Date.now() - startedAt };
    const outcome =
      result.outcome === 'retry'
        ? attempt >= options.attempts
          ? 'gave_up'
          : 'retry'
        : result.status.toLowerCase();
    ctx.metrics.deliveries.inc({ backend: plan.type, outcome });
    if (result.outcome === 'retry') {
      if (attempt >= options.attempts) {
        const summary = `Delivery failed after ${attempt} attempt(s): ${result.error}`;
        log.warn(summary);
        await this.finish(run.id, {
          status: 'FAILURE',
          summary,
          logs: [...result.logs, summary],
          attempt: attemptRecord(ctx, attempted, result, null),
        });
        return;
      }
      const delay = backoffDelay(attempt, {
        ...(options.backoffBaseMs === undefined ? {} : { baseMs: options.backoffBaseMs }),
        ...(result.retryAfterMs === undefined ? {} : { retryAfterMs: result.retryAfterMs }),
      });
      const line = `Attempt ${attempt} of ${options.attempts} failed: ${result.error}; retrying in ${(delay / 1000).toFixed(1)} s`;
      log.info(line);
      const nextAttemptAt = Date.now() + delay;
      await ctx.store.retryDelivery(run.id, options.owner, {
        nextAttemptAt,
        error: result.error,
        logMessage: line,
        attempt: attemptRecord(ctx, attempted, result, nextAttemptAt),
      });
      // A retry changes no visible field of the run, but the UI shows its attempts.
      publishStored(ctx, { runIds: [run.id], kind: 'changed' });
      return;
    }
    log.info(
      { status: result.status, httpStatus: result.httpStatus, attempt },
      `delivered (${plan.type})`,
    );
    await this.finish(run.id, {
      attempt: attemptRecord(ctx, attempted, result, null),
      ...(result.status === 'IN_PROGRESS' ? {} : { status: result.status }),
      ...(result.response === undefined ? {} : { response: result.response }),
      ...(result.link ? { link: result.link } : {}),
      ...(result.externalRunId ? { externalRunId: result.externalRunId } : {}),
      ...(result.summary ? { summary: result.summary } : {}),
      logs: result.logs,
    });
  }

  private async finish(runId: string, result: RunResult): Promise<void> {
    const change = await this.ctx.store.setRunResult(runId, {
      ...result,
      completeDeliveryOf: this.options.owner,
    });
    if (change.applied && runVisiblyChanged(change.before, change.after))
      this.ctx.runChanged(change);
  }
}
