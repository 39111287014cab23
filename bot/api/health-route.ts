import type { ApiAnswer, ApiCall, ApiRoute } from './api-route.js';

/** `GET /healthz` (no auth): 200 when the store answers, 503 otherwise. */
async function health({ ctx }: ApiCall): Promise<ApiAnswer> {
  const definitions = ctx.registry.all().length;
  try {
    await ctx.store.getRun('r_healthcheck');
  } catch (error) {
    ctx.log.warn({ err: error }, 'health check: the store does not answer');
    return {
      status: 503,
      body: {
        ok: false,
        error: 'unavailable',
        message: 'the store does not answer',
        status: 'unavailable',
        store: ctx.store.dialect,
        definitions,
      },
    };
  }
  return { status: 200, body: { ok: true, status: 'ok', store: ctx.store.dialect, definitions } };
}

export const healthRoutes: readonly ApiRoute[] = [
  { method: 'GET', pattern: '/healthz', auth: false, handle: health },
];
