import type { CatalogEvent } from '../../core/events/catalog-event.js';
import type { EntityInput, PortEntity } from '../../core/entities/port-entity.js';
import { newId } from '../../core/runs/new-run-id.js';
import type { BotContext } from '../bot-context.js';
import { ingestEvent } from '../ingest/ingest-event.js';
import type { EntityChange } from '../store/entity-catalog.js';
import type { RunRecord } from '../store/run-record.js';
import { StoreError } from '../store/store-error.js';

/** Who writes and why: the API caller, or the run whose UPSERT_ENTITY backend writes. */
export interface EntityWriteOrigin {
  /** Port's `trigger.origin`: `API` for the entity API, `AUTOMATION` for a backend. */
  readonly origin: 'API' | 'UI' | 'AUTOMATION';
  /** `createdBy` / `updatedBy`, and `trigger.by.userId`. */
  readonly by: string | null;
  /** `run_id`: the change is logged on this run, and its events chain one level below it. */
  readonly runId?: string;
}

export interface CatalogWrite {
  readonly upsert: boolean;
  readonly merge: boolean;
  readonly createMissingRelatedEntities?: boolean;
}

/**
 * Writes one entity to the embedded catalog, then raises ENTITY_CREATED / ENTITY_UPDATED
 * through the normal ingest path so automations chain on it. A write linked to a run is logged
 * on the run, and its events stop at the chain depth limit like RUN_* chains.
 */
export async function upsertCatalogEntity(
  ctx: BotContext,
  blueprint: string,
  input: EntityInput & { readonly identifier: string },
  write: CatalogWrite,
  origin: EntityWriteOrigin,
): Promise<PortEntity> {
  const run = await linkedRun(ctx, origin.runId);
  const result = await ctx.store.entities.upsertEntity(blueprint, input, {
    upsert: write.upsert,
    merge: write.merge,
    createMissingRelatedEntities: write.createMissingRelatedEntities ?? false,
    by: origin.by,
  });
  for (const change of [...result.created, result])
    await raiseEntityEvent(ctx, change, origin, run);
  return result.after;
}

/** Deletes one entity from the embedded catalog and raises ENTITY_DELETED (see above). */
export async function deleteCatalogEntity(
  ctx: BotContext,
  blueprint: string,
  identifier: string,
  origin: EntityWriteOrigin,
): Promise<PortEntity> {
  const run = await linkedRun(ctx, origin.runId);
  const change = await ctx.store.entities.deleteEntity(blueprint, identifier);
  await raiseEntityEvent(ctx, change, origin, run);
  return change.before!;
}

async function linkedRun(ctx: BotContext, runId: string | undefined): Promise<RunRecord | null> {
  if (runId === undefined || runId === '') return null;
  const run = await ctx.store.getRun(runId);
  if (run === null) {
    throw new StoreError('not_found', `run_id "${runId}": there is no run with this id`, runId);
  }
  return run;
}

/** Port's entity event for one catalog change. */
export function entityChangeEvent(change: EntityChange, origin: EntityWriteOrigin): CatalogEvent {
  const entity = (change.after ?? change.before)!;
  const action = change.before === null ? 'CREATE' : change.after === null ? 'DELETE' : 'UPDATE';
  return {
    id: newId('evt_'),
    action,
    resourceType: 'entity',
    trigger: {
      by: origin.by ? { userId: origin.by } : {},
      origin: origin.origin,
      at: change.after?.updatedAt ?? new Date().toISOString(),
    },
    context: {
      blueprintIdentifier: entity.blueprint,
      entityIdentifier: entity.identifier,
      propertyIdentifier: null,
    },
    diff: { before: change.before, after: change.after },
  };
}

async function raiseEntityEvent(
  ctx: BotContext,
  change: EntityChange,
  origin: EntityWriteOrigin,
  run: RunRecord | null,
): Promise<void> {
  const event = entityChangeEvent(change, origin);
  const name = `ENTITY_${event.action === 'CREATE' ? 'CREATED' : event.action === 'DELETE' ? 'DELETED' : 'UPDATED'}`;
  const what = `${name} ${event.context!.blueprintIdentifier}/${event.context!.entityIdentifier}`;
  const depth = run === null ? 0 : run.chainDepth + 1;
  if (run !== null) {
    if (depth > ctx.config.chainDepthLimit) {
      const line = `${what}: automations on this change were not started: the chain depth limit (${ctx.config.chainDepthLimit}) was reached, which usually means automations trigger each other in a loop (SWITCHYARD_CHAIN_DEPTH_LIMIT)`;
      ctx.log.warn({ runId: run.id, depth }, line);
      await ctx.store.setRunResult(run.id, { logs: [line] });
      return;
    }
    await ctx.store.setRunResult(run.id, { logs: [`Affected entity: ${what} (${origin.origin})`] });
  }
  await ingestEvent(ctx, event, { source: 'internal', depth, catalogApplied: true });
}
