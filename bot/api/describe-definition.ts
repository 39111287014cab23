import type { ActiveDefinition } from '../definitions/definition-registry.js';

/** One active definition as `GET /v1/automations` lists it. */
export interface DefinitionSummary {
  /** Scoped by repository (`owner/repo:identifier`) for definitions synced from GitHub. */
  readonly identifier: string;
  /** The `identifier` in the file (what runs carry as `action.identifier`), when scoped. */
  readonly definitionIdentifier?: string;
  readonly kind: 'automation' | 'self-service';
  readonly title: string | null;
  /** Automations: the trigger event and its selector. */
  readonly event?: {
    readonly type: string;
    readonly blueprintIdentifier?: string;
    readonly propertyIdentifier?: string;
    readonly actionIdentifier?: string;
  };
  /** Self-service actions: the operation and blueprint. */
  readonly operation?: string;
  readonly blueprintIdentifier?: string;
  readonly backend: string;
  readonly publish: boolean;
  readonly origin: {
    readonly file: string;
    readonly repository: string | null;
    readonly commit: string | null;
  };
}

export function describeDefinition({ definition, origin }: ActiveDefinition): DefinitionSummary {
  const { trigger } = definition;
  const common = {
    ...(origin.repository
      ? {
          identifier: `${origin.repository}:${definition.identifier}`,
          definitionIdentifier: definition.identifier,
        }
      : { identifier: definition.identifier }),
    kind: trigger.type,
    title: definition.title ?? null,
  };
  const rest = {
    backend: definition.invocationMethod.type,
    publish: definition.publish ?? true,
    origin: {
      file: origin.file,
      repository: origin.repository ?? null,
      commit: origin.commit ?? null,
    },
  };
  if (trigger.type === 'automation') {
    const { type, blueprintIdentifier, propertyIdentifier, actionIdentifier } = trigger.event;
    return {
      ...common,
      event: {
        type,
        ...(blueprintIdentifier === undefined ? {} : { blueprintIdentifier }),
        ...(propertyIdentifier === undefined ? {} : { propertyIdentifier }),
        ...(actionIdentifier === undefined ? {} : { actionIdentifier }),
      },
      ...rest,
    };
  }
  return {
    ...common,
    operation: trigger.operation,
    ...(trigger.blueprintIdentifier === undefined
      ? {}
      : { blueprintIdentifier: trigger.blueprintIdentifier }),
    ...rest,
  };
}
