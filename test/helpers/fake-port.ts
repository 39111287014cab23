import { randomBytes } from 'node:crypto';
import { json, startLoopbackServer, type LoopbackServer } from './loopback-server.js';

export interface FakePortEntity {
  readonly blueprint: string;
  readonly identifier: string;
  readonly [key: string]: unknown;
}

export interface FakePort extends LoopbackServer {
  /** Entities upserted, by `blueprint/identifier`, with the `run_id` each write named. */
  readonly entities: Map<string, { entity: FakePortEntity; runId: string | null }>;
  /** Access tokens issued, in order. */
  readonly tokens: string[];
  /** The next `count` entity writes are answered `status` (429 with `Retry-After: 1`). */
  failNext(count: number, status: number): void;
  /** Makes every token issued so far invalid (Port answers 401 with them). */
  revokeTokens(): void;
}

const ENTITIES = /^\/v1\/blueprints\/([^/]+)\/entities$/;

/**
 * A loopback server answering Port's API for what switchyard calls as a Port client:
 * `POST /v1/auth/access_token` `{clientId, clientSecret}` → `{ok, accessToken, expiresIn,
 * tokenType}` (401 `{ok:false, error:"unauthorized"}` for wrong credentials) and
 * `POST /v1/blueprints/{bp}/entities?upsert=true&run_id=…` with a bearer token → 201
 * `{ok, entity}` (401 for a missing or revoked token, 404 for a blueprint it does not know,
 * 422 for an entity without an identifier or with a non-object `properties`).
 */
export async function startFakePort(options: {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly blueprints: readonly string[];
  /** `expiresIn` of issued tokens, in seconds (Port: 3600). */
  readonly expiresIn?: number;
}): Promise<FakePort> {
  const entities = new Map<string, { entity: FakePortEntity; runId: string | null }>();
  const tokens: string[] = [];
  const valid = new Set<string>();
  let failures = { count: 0, status: 503 };
  const server = await startLoopbackServer((req, res) => {
    const url = new URL(req.url, 'http://port.invalid');
    if (req.method === 'POST' && url.pathname === '/v1/auth/access_token') {
      const body = JSON.parse(req.body || '{}') as { clientId?: unknown; clientSecret?: unknown };
      if (body.clientId !== options.clientId || body.clientSecret !== options.clientSecret) {
        return json(res, 401, {
          ok: false,
          error: 'unauthorized',
          message: 'The client id or client secret is incorrect',
        });
      }
      const token = randomBytes(12).toString('hex');
      tokens.push(token);
      valid.add(token);
      return json(res, 200, {
        ok: true,
        accessToken: token,
        expiresIn: options.expiresIn ?? 3600,
        tokenType: 'Bearer',
      });
    }
    const route = ENTITIES.exec(url.pathname);
    if (req.method !== 'POST' || !route) {
      return json(res, 404, { ok: false, error: 'not_found', message: 'Route not found' });
    }
    const token = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ''))?.[1];
    if (!token || !valid.has(token)) {
      return json(res, 401, { ok: false, error: 'unauthorized', message: 'Invalid token' });
    }
    if (failures.count > 0) {
      failures = { ...failures, count: failures.count - 1 };
      return json(
        res,
        failures.status,
        { ok: false, error: failures.status === 429 ? 'rate_limited' : 'internal_error' },
        failures.status === 429 ? { 'retry-after': '1' } : {},
      );
    }
    const blueprint = decodeURIComponent(route[1]!);
    if (!options.blueprints.includes(blueprint)) {
      return json(res, 404, {
        ok: false,
        error: 'not_found',
        message: `Blueprint with identifier "${blueprint}" was not found`,
      });
    }
    const entity = JSON.parse(req.body || '{}') as Record<string, unknown>;
    if (typeof entity.identifier !== 'string' || entity.identifier === '') {
      return json(res, 422, {
        ok: false,
        error: 'invalid_request',
        message: 'identifier is required',
      });
    }
    if (entity.properties !== undefined && typeof entity.properties !== 'object') {
      return json(res, 422, {
        ok: false,
        error: 'invalid_request',
        message: 'properties must be an object',
      });
    }
    const stored = { ...entity, blueprint, identifier: entity.identifier } as FakePortEntity;
    entities.set(`${blueprint}/${stored.identifier}`, {
      entity: stored,
      runId: url.searchParams.get('run_id'),
    });
    return json(res, 201, { ok: true, entity: stored });
  });
  return Object.assign(server, {
    entities,
    tokens,
    failNext(count: number, status: number) {
      failures = { count, status };
    },
    revokeTokens() {
      valid.clear();
    },
  });
}
