import { formatJsonPath } from '../../core/definitions/json-path.js';
import type { SelfServiceAction } from '../../core/definitions/definition.js';
import type { InputProblem } from '../../core/inputs/input-problem.js';
import { checkActionInputs } from '../../core/inputs/check-action-inputs.js';
import { executeAction } from '../runs/execute-action.js';
import { toPortRun } from '../store/to-port-run.js';
import { ApiError, invalidRequest } from './api-error.js';
import type { ApiAnswer, ApiCall, ApiRoute } from './api-route.js';
import { bodyObject } from './body-object.js';
import { readJsonBody } from './read-json-body.js';
import { whoIs } from './authenticate.js';

/**
 * `POST /v1/actions/{action_identifier}/runs?run_as=<email>` `{properties, entity?}` → 202
 * `{ok, run}`. The inputs are checked against the action's `userInputs` first (defaults
 * applied); every reason comes back in `details`.
 */
async function runAction({ req, ctx, params, query, caller }: ApiCall): Promise<ApiAnswer> {
  const identifier = params.actionIdentifier!;
  const entry = ctx.registry.find(identifier);
  if (entry === undefined) {
    throw new ApiError(
      404,
      'not_found',
      `action ${identifier} was not found in the active definitions`,
    );
  }
  if (entry.definition.trigger.type !== 'self-service') {
    throw invalidRequest(
      `${identifier} is an automation: it runs when its trigger event happens; only self-service actions can be executed`,
    );
  }
  const action = entry.definition as SelfServiceAction;
  const body = bodyObject(await readJsonBody(req), ['properties', 'entity']);
  const entity = parseEntity(body.entity);
  const runAs = query.get('run_as') ?? undefined;
  if (runAs !== undefined && runAs.trim() === '') throw invalidRequest('run_as must be an email');
  const inputs = body.properties ?? {};

  const checked = await checkActionInputs(
    action,
    inputs,
    { entity: entity ?? null, user: runAs === undefined ? null : { email: runAs } },
    ctx.jq,
  );
  if (!checked.ok) throw invalidInputs(identifier, checked.problems);

  const run = await executeAction(ctx, entry, {
    properties: checked.properties,
    ...(entity === undefined ? {} : { entity }),
    ...(runAs === undefined ? {} : { runAs }),
    createdBy: whoIs(caller),
  });
  return {
    status: 202,
    body: { ok: true, run: toPortRun(run) },
    ids: { runs: [run.id], ...(run.eventId ? { events: [run.eventId] } : {}) },
  };
}

/** Port sends the entity identifier; an entity object (with `identifier`) is taken as is. */
function parseEntity(value: unknown): Record<string, unknown> | null | undefined {
  if (value === undefined || value === null) return value;
  if (typeof value === 'string' && value !== '') return { identifier: value };
  if (isObject(value) && typeof value.identifier === 'string') return value;
  throw invalidRequest(
    'entity must be an entity identifier (or an entity object with an identifier)',
  );
}

function invalidInputs(identifier: string, problems: readonly InputProblem[]): ApiError {
  const details = problems.map((problem) => ({
    path: formatJsonPath(['properties', ...problem.path]),
    message: problem.message,
  }));
  const reasons = details.map((detail) => `${detail.path} ${detail.message}`).join('; ');
  return invalidRequest(`the inputs of ${identifier} are not valid: ${reasons}`, { details });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export const executeActionRoutes: readonly ApiRoute[] = [
  { method: 'POST', pattern: '/v1/actions/:actionIdentifier/runs', auth: true, handle: runAction },
];
