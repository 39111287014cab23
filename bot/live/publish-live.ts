import { maskForApi } from '../api/mask-for-api.js';
import { toUiRun } from '../api/to-ui-run.js';
import type { BotContext } from '../bot-context.js';
import type { RunRecord } from '../store/run-record.js';
import type { EventSummary, StoredEvent } from '../store/store.js';

/** Sends a run to the live streams (`event: run`), when anyone listens. */
export function publishRunChange(
  ctx: Pick<BotContext, 'live' | 'config'>,
  kind: 'created' | 'changed',
  run: RunRecord,
): void {
  if (!ctx.live?.listening) return;
  ctx.live.publish({ event: 'run', data: { kind, run: maskForApi(ctx.config, toUiRun(run)) } });
}

/**
 * Reads runs and an event again and sends them to the live streams; nothing is read when no
 * one listens. Errors are logged: the live view is best effort, the store is the truth.
 */
export function publishStored(
  ctx: BotContext,
  stored: {
    readonly eventId?: string;
    readonly runIds?: readonly string[];
    readonly kind?: 'created' | 'changed';
  },
): void {
  if (!ctx.live?.listening) return;
  void (async () => {
    if (stored.eventId !== undefined) {
      const event = await ctx.store.getEvent(stored.eventId);
      if (event !== null) {
        ctx.live?.publish({ event: 'event', data: maskForApi(ctx.config, eventSummaryOf(event)) });
      }
    }
    for (const id of stored.runIds ?? []) {
      const run = await ctx.store.getRun(id);
      if (run !== null) publishRunChange(ctx, stored.kind ?? 'created', run);
    }
  })().catch((error: unknown) =>
    ctx.log.warn({ err: error }, 'could not publish to the live streams'),
  );
}

/** An event without its body and replays, as the event list shows it. */
export function eventSummaryOf(event: StoredEvent): EventSummary {
  return {
    id: event.id,
    type: event.type,
    source: event.source,
    receivedAt: event.receivedAt,
    blueprint: event.blueprint,
    entity: event.entity,
    runIds: event.runIds,
    duplicates: event.duplicates,
  };
}
