import type { BotContext } from '../bot-context.js';
import { afterEventRecorded } from '../ingest/ingest-event.js';
import { planEventRuns } from '../match/plan-event-runs.js';
import type { NewRun } from '../store/run-record.js';
import type { DueTimer } from './timer-scheduler.js';

/** Events planned side by side (matching, conditions, rendering) before one write. */
const PLAN_CONCURRENCY = 32;

/**
 * Raises the TIMER_EXPIRED events of a batch of due timers through the normal path: each is
 * matched (conditions included) and its runs rendered, then every event, run and outbox entry
 * is stored and the timers removed in one transaction (dedupe by the derived event id), then
 * the dispatcher wakes and RUN_CREATED chains fire, as for a received event.
 */
export async function fireTimerBatch(
  ctx: BotContext,
  claim: string,
  due: readonly DueTimer[],
): Promise<void> {
  const started = performance.now();
  const runs: NewRun[][] = new Array(due.length);
  let cursor = 0;
  const worker = async () => {
    while (cursor < due.length) {
      const i = cursor++;
      runs[i] = (await planEventRuns(ctx, due[i]!.event, 0)).runs;
    }
  };
  await Promise.all(Array.from({ length: Math.min(PLAN_CONCURRENCY, due.length) }, worker));
  const results = await ctx.store.timers.recordFired(
    claim,
    due.map((timer, i) => ({
      timerId: timer.timer.id,
      event: { id: timer.eventId, source: 'timer' as const, body: timer.event },
      runs: runs[i]!,
    })),
  );
  const storedAt = ctx.timers?.now() ?? Date.now();
  for (const [i, result] of results.entries()) {
    if (result.created) {
      ctx.metrics.timerLagSeconds.observe(Math.max(0, storedAt - due[i]!.timer.dueAt) / 1000);
    }
    await afterEventRecorded(ctx, {
      eventId: due[i]!.eventId,
      source: 'timer',
      runs: runs[i]!,
      result,
      started,
    });
  }
}
