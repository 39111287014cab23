import type { CatalogEvent } from '../../core/events/catalog-event.js';
import type { BotContext } from '../bot-context.js';
import { publishStored } from '../live/publish-live.js';
import {
  automationKey,
  decideEveryAutomation,
  type AutomationDecision,
} from '../match/decide-every-automation.js';
import { planEventRuns } from '../match/plan-event-runs.js';
import type { StoredEvent } from '../store/store.js';

/** The run of each automation among an event's runs, by `automationKey`. */
export async function runsByAutomation(
  ctx: BotContext,
  eventId: string,
): Promise<Map<string, string>> {
  const runs = await ctx.store.listRuns({ eventId, limit: 1000 });
  const byKey = new Map<string, string>();
  // Newest first: the oldest run of an automation is kept.
  for (const run of runs)
    byKey.set(automationKey(run.action.identifier, run.origin.repository), run.id);
  return byKey;
}

/**
 * Runs the current definitions against a stored event again. A dry run only decides; a real
 * replay stores a run per matching automation, except those this event already has a run of
 * (unless `force`), and records the replay on the event with who did it.
 */
export async function replayEvent(
  ctx: BotContext,
  event: StoredEvent,
  options: { readonly dryRun: boolean; readonly force: boolean; readonly by: string },
): Promise<{ decisions: AutomationDecision[]; runIds: string[] }> {
  const body = event.body as CatalogEvent;
  const { runs } = await planEventRuns(ctx, body, 0);
  const { runIds, skipped } = await ctx.store.recordReplay(event.id, runs, options);
  const existing = await runsByAutomation(ctx, event.id);
  const skippedKeys = new Set(
    runs
      .filter((run) => skipped.includes(run.action.identifier) && !runIds.includes(run.id))
      .map((run) => automationKey(run.action.identifier, run.origin.repository)),
  );
  const decisions = await decideEveryAutomation(ctx, body, existing, skippedKeys);
  if (runIds.length > 0) {
    ctx.notifyOutbox();
    for (const run of runs) {
      if (runIds.includes(run.id) && run.status === 'FAILURE') {
        await ctx.store.setRunResult(run.id, {
          logs: [run.summary ?? 'The payload could not be rendered'],
        });
      }
    }
    publishStored(ctx, { runIds });
  }
  ctx.log.info(
    { eventId: event.id, by: options.by, dryRun: options.dryRun, force: options.force, runIds },
    `event ${event.id} replayed by ${options.by}${options.dryRun ? ' (dry run)' : ''}`,
  );
  return { decisions, runIds };
}
