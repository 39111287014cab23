import type { PlannedRequest } from '../../core/backends/plan/plan-request.js';
import type { CatalogEvent } from '../../core/events/catalog-event.js';
import type { TriggerData } from '../../core/trigger-data/trigger-data.js';
import type { ActiveDefinition } from '../definitions/definition-registry.js';
import type { DeliveryPlan } from '../store/delivery-plan.js';
import type { NewRun, RunSource, RunSubject } from '../store/run-record.js';

const SECRET_REFERENCE = /\.secrets\s*(?:\.\s*([A-Za-z_][A-Za-z0-9_]*)|\[\s*"([^"]+)"\s*\])/g;

const referenced = new WeakMap<object, readonly string[]>();

/**
 * Names of the secrets an invocation method's templates reference. Cached per (immutable,
 * activated) invocation method: ingest asks for every run.
 */
export function referencedSecrets(invocationMethod: object): readonly string[] {
  let names = referenced.get(invocationMethod);
  if (!names) referenced.set(invocationMethod, (names = scanSecrets(invocationMethod)));
  return names;
}

function scanSecrets(invocationMethod: object): string[] {
  const text = JSON.stringify(invocationMethod);
  if (!text.includes('.secrets')) return [];
  const names = new Set<string>();
  for (const match of text.replaceAll('\\"', '"').matchAll(SECRET_REFERENCE))
    names.add(match[1] ?? match[2]!);
  // `.secrets` used whole (e.g. `.secrets | keys`) references them all; names stay unknown.
  if (names.size === 0) names.add('*');
  return [...names];
}

/**
 * The run to store for a planned request. Secrets never reach the store: a request that
 * used secrets is kept as its template and trigger data, rendered again at delivery.
 * A render error gives a run that is already FAILURE and is never sent.
 */
export function buildNewRun(options: {
  entry: ActiveDefinition;
  triggerData: TriggerData;
  planned: PlannedRequest;
  source: RunSource;
  depth: number;
  event?: CatalogEvent;
  properties?: Record<string, unknown>;
  createdBy?: string | null;
  /** The configured secrets: a referenced one that is missing fails the run before sending. */
  secrets: Readonly<Record<string, string>>;
}): NewRun {
  const { entry, triggerData } = options;
  const { definition } = entry;
  const secretNames = referencedSecrets(definition.invocationMethod);
  const missing = secretNames.filter((name) => name !== '*' && options.secrets[name] === undefined);
  const planned = {
    ...options.planned,
    errors: [
      ...options.planned.errors,
      ...missing.map((name) => ({
        path: 'invocationMethod',
        message: `the secret "${name}" is not configured: set the environment variable SWITCHYARD_SECRET_${name}`,
      })),
    ],
  };
  const failed = planned.errors.length > 0;
  // A template that names no secret may still render them (`{{ . }}`, `{{ debug }}`, `.secrets`
  // whole): whatever the masked request lost was a secret, so it is rendered again at delivery.
  const renderedSecrets =
    secretNames.length === 0 && JSON.stringify(planned.masked) !== JSON.stringify(planned.plan);
  const delivery: DeliveryPlan | null = failed
    ? null
    : secretNames.length || renderedSecrets
      ? {
          kind: 'render-at-delivery',
          invocationMethod: definition.invocationMethod,
          triggerData,
          secretNames: renderedSecrets ? ['*'] : secretNames,
        }
      : { kind: 'rendered', request: planned.plan };
  const subject = subjectOf(options.event, triggerData);
  return {
    id: triggerData.run.id,
    action: { identifier: definition.identifier, title: definition.title ?? null },
    source: options.source,
    properties: options.properties ?? {},
    blueprint: subject.blueprint,
    entity: subject.entity,
    payload: planned.masked,
    delivery,
    triggerData,
    backendType: definition.invocationMethod.type,
    origin: entry.origin,
    chainDepth: options.depth,
    createdBy: options.createdBy ?? triggerData.trigger.by.userId ?? null,
    ...(failed
      ? {
          status: 'FAILURE' as const,
          summary: `The payload could not be rendered: ${planned.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`,
        }
      : {}),
  };
}

function subjectOf(
  event: CatalogEvent | undefined,
  data: TriggerData,
): { blueprint: RunSubject | null; entity: RunSubject | null } {
  if (event?.resourceType === 'entity') {
    const entity = (event.diff?.after ?? event.diff?.before) as {
      identifier?: string;
      title?: string;
    } | null;
    const blueprint = event.context?.blueprintIdentifier;
    const identifier = event.context?.entityIdentifier ?? entity?.identifier;
    return {
      blueprint: typeof blueprint === 'string' ? { identifier: blueprint } : null,
      entity: typeof identifier === 'string' ? { identifier, title: entity?.title ?? null } : null,
    };
  }
  const blueprint = data.action.blueprint;
  const entity = data.entity as { identifier?: string; title?: string } | null;
  return {
    blueprint: typeof blueprint === 'string' ? { identifier: blueprint } : null,
    entity:
      typeof entity?.identifier === 'string'
        ? { identifier: entity.identifier, title: entity.title ?? null }
        : null,
  };
}
