import type { ApiAnswer, ApiCall, ApiRoute } from './api-route.js';
import { ApiError } from './api-error.js';
import { describeDefinition } from './describe-definition.js';

/** `GET /v1/automations`: the active set and the last load of each source with its errors. */
async function listAutomations({ ctx }: ApiCall): Promise<ApiAnswer> {
  const automations = ctx.registry
    .all()
    .map(describeDefinition)
    .sort((a, b) => (a.identifier < b.identifier ? -1 : a.identifier > b.identifier ? 1 : 0));
  return {
    status: 200,
    body: { ok: true, automations, loads: ctx.registry.loadResults() },
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
];
