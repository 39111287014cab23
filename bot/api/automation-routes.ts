import type { ApiAnswer, ApiCall, ApiRoute } from './api-route.js';
import { ApiError } from './api-error.js';
import type { SelfServiceAction } from '../../core/definitions/definition.js';
import type { LoadResult } from '../definitions/definition-registry.js';
import { describeDefinition } from './describe-definition.js';
import { definitionSourceOf } from './to-ui-run.js';

/** `GET /v1/automations`: the active set and the last load of each source with its errors. */
async function listAutomations({ ctx }: ApiCall): Promise<ApiAnswer> {
  const entries = ctx.registry.all();
  const since = Date.now() - DAY_MS;
  const stats = new Map(
    (
      await ctx.store.runStats(
        since,
        entries.map((entry) => entry.definition.identifier),
      )
    ).map((stat) => [stat.action, stat]),
  );
  const automations = entries
    .map((entry) => {
      const summary = describeDefinition(entry);
      const stat = stats.get(entry.definition.identifier);
      return {
        ...summary,
        source: definitionSourceOf(entry.origin, entry.definition.identifier),
        enabled: summary.publish,
        runs24h: stat?.runs ?? 0,
        successRate24h: stat && stat.ended > 0 ? stat.succeeded / stat.ended : null,
        lastRun: stat?.lastRun ?? null,
      };
    })
    .sort((a, b) => (a.identifier < b.identifier ? -1 : a.identifier > b.identifier ? 1 : 0));
  return {
    status: 200,
    body: { ok: true, automations, loads: ctx.registry.loadResults() },
  };
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** `GET /v1/actions`: the loaded self-service actions with their inputs, for forms. */
async function listActions({ ctx }: ApiCall): Promise<ApiAnswer> {
  const actions = ctx.registry
    .all()
    .filter((entry) => entry.definition.trigger.type === 'self-service')
    .map((entry) => {
      const { definition, origin } = entry;
      const trigger = definition.trigger as SelfServiceAction['trigger'];
      return {
        identifier: origin.repository
          ? `${origin.repository}:${definition.identifier}`
          : definition.identifier,
        title: definition.title ?? null,
        description: definition.description ?? null,
        blueprintIdentifier: trigger.blueprintIdentifier ?? null,
        operation: trigger.operation,
        userInputs: trigger.userInputs ?? { properties: {}, required: [] },
        source: definitionSourceOf(origin, definition.identifier),
      };
    })
    .sort((a, b) => (a.identifier < b.identifier ? -1 : a.identifier > b.identifier ? 1 : 0));
  return { status: 200, body: { ok: true, actions } };
}

/** `GET /v1/definition-sets`: each synced repository's state and the local folder's last load. */
async function listDefinitionSets({ ctx }: ApiCall): Promise<ApiAnswer> {
  const sets = await ctx.store.listDefinitionSets();
  const problems = (result: unknown) =>
    ((result as Partial<LoadResult> | null)?.errors ?? []).map((problem) => ({
      file: problem.file,
      line: problem.line,
      column: problem.column,
      message: problem.message,
      rule: problem.rule,
    }));
  const repositories = sets.map((set) => ({
    repository: set.repository,
    commit: set.commit,
    syncedCommit: set.syncedCommit,
    syncedAt: set.updatedAt,
    status: set.commit === null ? 'empty' : set.commit === set.syncedCommit ? 'active' : 'rejected',
    definitions: set.definitions.length,
    errors: problems(set.result),
  }));
  const local = ctx.registry.loadResults().find((result) => result.source === 'local');
  return {
    status: 200,
    body: {
      ok: true,
      repositories,
      local:
        local === undefined
          ? null
          : {
              folder: ctx.config.definitionsPath,
              loadedAt: local.at,
              activated: local.activated,
              definitions: local.definitions,
              errors: problems(local),
            },
    },
  };
}

/** `GET /v1/poison-messages?limit=&offset=`: catalog messages that could not be read, newest first. */
async function listPoisonMessages({ ctx, query }: ApiCall): Promise<ApiAnswer> {
  const limit = query.get('limit');
  const offset = query.get('offset');
  const page = {
    ...(limit === null ? {} : { limit: wholeNumber('limit', limit) }),
    ...(offset === null ? {} : { offset: wholeNumber('offset', offset) }),
  };
  const messages = await ctx.store.listPoisonMessages(page);
  return { status: 200, body: { ok: true, messages } };
}

function wholeNumber(name: string, raw: string): number {
  if (!/^\d+$/.test(raw)) {
    throw new ApiError(422, 'invalid_request', `${name} must be a whole number, not "${raw}"`);
  }
  return Number(raw);
}

export const automationRoutes: readonly ApiRoute[] = [
  { method: 'GET', pattern: '/v1/automations', auth: true, handle: listAutomations },
  { method: 'GET', pattern: '/v1/poison-messages', auth: true, handle: listPoisonMessages },
  { method: 'GET', pattern: '/v1/actions', auth: true, handle: listActions },
  {
    method: 'GET',
    pattern: '/v1/definition-sets',
    auth: true,
    ui: true,
    handle: listDefinitionSets,
  },
];
