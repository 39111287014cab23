import type { UpsertEntityPlan } from '../../core/backends/plan/request-plan.js';
import type { SendResult } from '../../core/backends/send/send-result.js';
import { newId } from '../../core/runs/new-run-id.js';
import type { BotContext } from '../bot-context.js';
import { isStoreError } from '../store/store-error.js';
import { upsertCatalogEntity } from './write-catalog-entity.js';

/**
 * Delivers an UPSERT_ENTITY run to the embedded catalog: creates the entity or replaces it
 * (Port's `upsert=true`), raises ENTITY_CREATED / ENTITY_UPDATED one chain level below the
 * run, and ends the run SUCCESS (the entity is its response) or FAILURE (invalid entity).
 */
export function catalogSender(ctx: BotContext): (plan: UpsertEntityPlan) => Promise<SendResult> {
  return async (plan) => {
    const identifier = plan.entity.identifier ?? newId('e_');
    try {
      const entity = await upsertCatalogEntity(
        ctx,
        plan.blueprint,
        { ...plan.entity, identifier },
        { upsert: true, merge: false },
        { origin: 'AUTOMATION', by: null, runId: plan.runId },
      );
      const line = `Upserted entity ${plan.blueprint}/${entity.identifier} in the embedded catalog`;
      return {
        outcome: 'done',
        status: 'SUCCESS',
        response: { ok: true, entity },
        summary: line,
        logs: [line],
      };
    } catch (error) {
      if (isStoreError(error, 'invalid_request')) {
        const line = `The entity ${plan.blueprint}/${identifier} was refused: ${error.message}`;
        return { outcome: 'done', status: 'FAILURE', summary: line, logs: [line] };
      }
      const line = `could not write the entity: ${(error as Error).message}`;
      return { outcome: 'retry', error: line, logs: [line] };
    }
  };
}
