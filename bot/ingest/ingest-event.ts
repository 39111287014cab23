import type { CatalogEvent } from '../../core/events/catalog-event.js';
import { newId } from '../../core/runs/new-run-id.js';
import type { BotContext } from '../bot-context.js';
import { catalogChangeOf } from '../entities/catalog-change-of.js';
import { publishStored } from '../live/publish-live.js';
import { planEventRuns } from '../match/plan-event-runs.js';
import type { NewRun } from '../store/run-record.js';
import type { EventSource, RecordEventResult } from '../store/store.js';

export interface IngestResult {
  readonly eventId: string;
  /** False when the event id was seen before: nothing new was created. */
  readonly created: boolean;
  readonly runIds: readonly string[];
}

/**
 * Accepts one catalog event: matches it, renders a run per matching automation, and stores the
 * event with its runs, their outbox entries and its change to the embedded catalog (an ENTITY_*
 * event's entity) in one transaction. When this resolves, all of it is durable, and so is
 * RUN_CREATED for the new runs whose action has listeners (queued by the store, raised by the
 * chain relay). Then it wakes the dispatcher and the relay.
 */
export async function ingestEvent(
  ctx: BotContext,
  event: CatalogEvent,
  options: {
    source: EventSource;
    depth?: number;
    id?: string;
    /** The catalog already holds this change (the entity API / UPSERT_ENTITY wrote it). */
    catalogApplied?: boolean;
  },
): Promise<IngestResult> {
  const started = performance.now();
  const givenId = options.id ?? event.id ?? newId('evt_');
  const eventId = ctx.timers
    ? await ctx.timers.beforeIngest(event, givenId, options.source)
    : givenId;
  const depth = options.depth ?? 0;
  const { runs } = await planEventRuns(ctx, event, depth);
  const catalog = options.catalogApplied ? undefined : catalogChangeOf(event);
  const result = await ctx.store.recordEvent(
    { id: eventId, source: options.source, body: event, ...(catalog ? { catalog } : {}) },
    runs,
  );
  return afterEventRecorded(ctx, { eventId, source: options.source, runs, result, started });
}

/**
 * What follows storing an event with its runs (shared by `ingestEvent` and batches of fired
 * timers): metrics, waking the dispatcher and the chain relay, the logs of runs that failed to
 * render. A duplicate does nothing more.
 */
export async function afterEventRecorded(
  ctx: BotContext,
  recorded: {
    eventId: string;
    source: EventSource;
    runs: readonly NewRun[];
    result: RecordEventResult;
    started: number;
  },
): Promise<IngestResult> {
  const { eventId, source, runs, result, started } = recorded;
  ctx.metrics.ingestSeconds.observe((performance.now() - started) / 1000);
  ctx.metrics.eventsReceived.inc({
    source,
    outcome: result.created ? 'accepted' : 'duplicate',
  });
  if (!result.created) return { eventId, created: false, runIds: result.runIds };
  publishStored(ctx, { eventId, runIds: result.runIds });
  for (const run of runs)
    ctx.metrics.runsCreated.inc({ backend: run.backendType, status: run.status ?? 'IN_PROGRESS' });

  if (runs.length) {
    ctx.notifyOutbox();
    ctx.log.debug(
      { eventId, runs: result.runIds },
      `event ${eventId} started ${runs.length} run(s)`,
    );
  }
  for (const run of runs) {
    if (run.status === 'FAILURE') {
      ctx.log.warn(
        { eventId, runId: run.id, automation: run.action.identifier },
        run.summary ?? 'render failed',
      );
      await ctx.store.setRunResult(run.id, {
        logs: [run.summary ?? 'The payload could not be rendered'],
      });
    }
  }
  return { eventId, created: true, runIds: result.runIds };
}
