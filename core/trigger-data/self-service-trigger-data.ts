import type { SelfServiceAction } from '../definitions/definition.js';
import type { TriggerData, TriggerUser } from './trigger-data.js';

export interface SelfServiceTriggerDataInput {
  readonly action: SelfServiceAction;
  readonly inputs: Readonly<Record<string, unknown>>;
  readonly runId: string;
  /** The target entity (DAY-2 and DELETE); `{}` for CREATE. */
  readonly entity?: Readonly<Record<string, unknown>> | null;
  readonly origin?: 'API' | 'UI';
  readonly at?: Date;
  readonly by?: { readonly orgId?: string; readonly userId?: string; readonly user?: TriggerUser };
}

/** Trigger data for a self-service run (spec §2.2): `event` is null, `inputs` carries the inputs. */
export function selfServiceTriggerData(input: SelfServiceTriggerDataInput): TriggerData {
  const { action } = input;
  const encrypted = Object.entries(action.trigger.userInputs.properties)
    .filter(([, spec]) => spec.encryption !== undefined)
    .map(([name]) => name);
  return {
    inputs: input.inputs,
    trigger: {
      by: input.by ?? {},
      origin: input.origin ?? 'API',
      at: (input.at ?? new Date()).toISOString(),
      operation: action.trigger.operation,
    },
    event: null,
    entity: input.entity ?? (action.trigger.operation === 'CREATE' ? {} : null),
    action: {
      identifier: action.identifier,
      blueprint: action.trigger.blueprintIdentifier ?? null,
      encryptedProperties: encrypted,
    },
    run: { id: input.runId },
  };
}
