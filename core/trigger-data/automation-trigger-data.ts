import type { CatalogEvent } from '../events/catalog-event.js';
import type { TriggerData, TriggerUser } from './trigger-data.js';

export interface AutomationTriggerDataInput {
  readonly event: CatalogEvent;
  /** The automation's identifier: exposed as `.action.identifier`. */
  readonly automation: string;
  readonly runId: string;
  /** When the run was triggered (default: now). */
  readonly at?: Date;
  /** Profile of the user behind the change, when known. */
  readonly user?: TriggerUser;
}

/** Trigger data for an automation run (spec §2.2): `inputs` and `entity` are null. */
export function automationTriggerData(input: AutomationTriggerDataInput): TriggerData {
  const by = input.event.trigger?.by ?? {};
  return {
    inputs: null,
    trigger: {
      by: {
        ...(typeof by.orgId === 'string' ? { orgId: by.orgId } : {}),
        ...(typeof by.userId === 'string' ? { userId: by.userId } : {}),
        ...(input.user ? { user: input.user } : {}),
      },
      origin: 'AUTOMATION',
      at: (input.at ?? new Date()).toISOString(),
    },
    event: input.event,
    entity: null,
    action: { identifier: input.automation },
    run: { id: input.runId },
  };
}
