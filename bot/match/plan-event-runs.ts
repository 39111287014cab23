import { planRequest } from '../../core/backends/plan/plan-request.js';
import type { CatalogEvent } from '../../core/events/catalog-event.js';
import type { MatchDecision } from '../../core/match/match-decision.js';
import { matchEvent } from '../../core/match/match-event.js';
import { newRunId } from '../../core/runs/new-run-id.js';
import { automationTriggerData } from '../../core/trigger-data/automation-trigger-data.js';
import type { BotContext } from '../bot-context.js';
import type { NewRun } from '../store/run-record.js';
import { buildNewRun } from '../render/build-new-run.js';
import { planConfigOf } from '../render/plan-config-of.js';

/** The runs one catalog event creates: one per matching automation, rendered and ready to queue. */
export async function planEventRuns(
  ctx: BotContext,
  event: CatalogEvent,
  depth: number,
  at = new Date(),
): Promise<{ runs: NewRun[]; decisions: MatchDecision[] }> {
  const decisions = await matchEvent(ctx.registry.index, event, ctx.jq);
  const runs: NewRun[] = [];
  for (const decision of decisions) {
    if (!decision.matched) continue;
    const entry = decision.automation;
    const triggerData = automationTriggerData({
      event,
      automation: entry.definition.identifier,
      runId: newRunId(),
      at,
    });
    const planned = await planRequest(
      entry.definition,
      triggerData,
      ctx.jq,
      planConfigOf(ctx.config),
    );
    runs.push(
      buildNewRun({
        entry,
        triggerData,
        planned,
        source: 'AUTOMATION',
        depth,
        event,
        secrets: ctx.config.secrets,
      }),
    );
  }
  return { runs, decisions };
}
