import type { CatalogEvent } from '../../core/events/catalog-event.js';
import type { BotContext } from '../bot-context.js';
import { chainEventId } from '../store/chain-entry.js';
import type { RunRecord } from '../store/run-record.js';
import { toPortRun } from '../store/to-port-run.js';
import { ingestEvent } from '../ingest/ingest-event.js';

/**
 * Raises RUN_CREATED (no `before`) or RUN_UPDATED for a run, so automations whose
 * `actionIdentifier` names its action chain off it. A chain deeper than the configured
 * limit stops, and the run's log says so. Called by the `ChainRelay` for the entries the store
 * queued with run changes; ingesting the same change twice creates nothing the second time.
 */
export async function fireRunEvent(
  ctx: BotContext,
  after: RunRecord,
  before: RunRecord | null,
): Promise<void> {
  // A synced definition is found by its scoped name first: identifiers are unique per repository.
  const definition = (
    (after.origin.repository &&
      ctx.registry.find(`${after.origin.repository}:${after.action.identifier}`)) ||
    ctx.registry.find(after.action.identifier)
  )?.definition;
  const event: CatalogEvent = {
    id: chainEventId(after, before),
    action: before ? 'UPDATE' : 'CREATE',
    resourceType: 'run',
    trigger: {
      by: {
        ...((after.updatedBy ?? after.createdBy)
          ? { userId: (after.updatedBy ?? after.createdBy)! }
          : {}),
      },
      origin: after.source === 'AUTOMATION' ? 'AUTOMATION' : 'API',
      at: after.updatedAt,
    },
    context: { action: definition ? { ...definition } : { identifier: after.action.identifier } },
    diff: { before: before ? portRunWithPayload(before) : null, after: portRunWithPayload(after) },
  };
  if (ctx.registry.index.candidates(event).length === 0) return;
  const depth = after.chainDepth + 1;
  if (depth > ctx.config.chainDepthLimit) {
    const line = `Automations on ${before ? 'RUN_UPDATED' : 'RUN_CREATED'} of this run were not started: the chain depth limit (${ctx.config.chainDepthLimit}) was reached, which usually means automations trigger each other in a loop (SWITCHYARD_CHAIN_DEPTH_LIMIT)`;
    ctx.log.warn({ runId: after.id, depth }, line);
    await ctx.store.setRunResult(after.id, { logs: [line] });
    return;
  }
  await ingestEvent(ctx, event, { source: 'internal', depth });
}

function portRunWithPayload(run: RunRecord): unknown {
  return { ...toPortRun(run), payload: run.payload };
}
