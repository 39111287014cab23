import { isRecord } from './rule-context.js';

const LEGACY_OPERATIONS = ['CREATE', 'DAY-2', 'DELETE'];

/**
 * Port's legacy action format (the actions of a blueprint, before automations): `trigger` is
 * the operation string, `userInputs` sits at the top level, and the backend had no payload
 * templates (`omitUserInputs` / `omitPayload` chose what Port sent).
 */
export function isLegacyAction(value: unknown): value is Record<string, unknown> {
  if (!isRecord(value)) return false;
  if (typeof value.trigger === 'string' && LEGACY_OPERATIONS.includes(value.trigger)) return true;
  return value.trigger === undefined && isRecord(value.userInputs) && 'invocationMethod' in value;
}

/**
 * The same action in the current format: `trigger: {type: "self-service", operation,
 * userInputs, blueprintIdentifier}` and a backend whose payload reproduces what Port sent
 * for a legacy action (the inputs, unless `omitUserInputs`; the run context, unless
 * `omitPayload`). `blueprint` is the blueprint the action belonged to, when known.
 */
export function convertLegacyAction(
  legacy: Record<string, unknown>,
  blueprint?: string,
): Record<string, unknown> {
  const {
    trigger,
    userInputs,
    invocationMethod,
    blueprint: ownBlueprint,
    blueprintIdentifier,
    ...rest
  } = legacy;
  const target =
    blueprint ??
    (typeof blueprintIdentifier === 'string' ? blueprintIdentifier : undefined) ??
    (typeof ownBlueprint === 'string' ? ownBlueprint : undefined) ??
    '<BLUEPRINT_IDENTIFIER>';
  const { identifier, title, icon, description, ...others } = rest;
  return {
    ...(identifier === undefined ? {} : { identifier }),
    ...(title === undefined ? {} : { title }),
    ...(icon === undefined ? {} : { icon }),
    ...(description === undefined ? {} : { description }),
    trigger: {
      type: 'self-service',
      operation: typeof trigger === 'string' ? trigger : 'CREATE',
      userInputs: isRecord(userInputs) ? userInputs : { properties: {}, required: [] },
      blueprintIdentifier: target,
    },
    invocationMethod: convertMethod(invocationMethod),
    ...others,
  };
}

function convertMethod(value: unknown): unknown {
  if (!isRecord(value)) return value;
  const { omitUserInputs, omitPayload, ...method } = value;
  const inputs = omitUserInputs === true ? {} : { '{{ spreadValue() }}': '{{ .inputs }}' };
  const context =
    omitPayload === true
      ? {}
      : {
          port_context: {
            runId: '{{ .run.id }}',
            entity: '{{ .entity.identifier }}',
            blueprint: '{{ .action.blueprint }}',
          },
        };
  switch (method.type) {
    case 'GITHUB':
      return { ...method, workflowInputs: method.workflowInputs ?? { ...inputs, ...context } };
    case 'GITLAB': {
      // The agent ran legacy GitLab actions; `agent` is not a GITLAB field any more.
      const gitlab = { ...method };
      delete gitlab.agent;
      return { ...gitlab, pipelineVariables: gitlab.pipelineVariables ?? { ...inputs } };
    }
    case 'WEBHOOK':
      return { ...method, body: method.body ?? legacyEnvelope() };
    case 'KAFKA':
      return { ...method, payload: method.payload ?? legacyEnvelope() };
    default:
      return method;
  }
}

/** The run message Port sent to a legacy WEBHOOK or KAFKA action, as templates. */
function legacyEnvelope(): Record<string, unknown> {
  return {
    action: '{{ .action.identifier }}',
    resourceType: 'run',
    status: 'TRIGGERED',
    trigger: '{{ .trigger }}',
    context: {
      entity: '{{ .entity.identifier }}',
      blueprint: '{{ .action.blueprint }}',
      runId: '{{ .run.id }}',
    },
    payload: { entity: '{{ .entity }}', properties: '{{ .inputs }}' },
  };
}

/** What marks an object as a legacy action, for messages: `trigger: "CREATE"`, `userInputs`… */
export function legacyKeysOf(value: Record<string, unknown>): string[] {
  const keys: string[] = [];
  if (typeof value.trigger === 'string') keys.push(`trigger "${value.trigger}"`);
  if ('userInputs' in value) keys.push('userInputs at the top level');
  const method = value.invocationMethod;
  if (isRecord(method)) {
    for (const key of ['omitUserInputs', 'omitPayload']) if (key in method) keys.push(key);
  }
  return keys;
}
