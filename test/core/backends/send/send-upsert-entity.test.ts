import { afterEach, describe, expect, it } from 'vitest';
import type { UpsertEntityPlan } from '../../../../core/backends/plan/request-plan.js';
import { PortTokenCache } from '../../../../core/backends/send/port-token-cache.js';
import { sendUpsertEntityToPort } from '../../../../core/backends/send/send-upsert-entity.js';
import { startFakePort, type FakePort } from '../../../helpers/fake-port.js';

let port: FakePort | undefined;
afterEach(async () => {
  await port?.close();
  port = undefined;
});

const ACCOUNT = { clientId: 'port-client', clientSecret: 'port-secret-for-tests' };

function plan(identifier: string, blueprint = 'deployment'): UpsertEntityPlan {
  const entity = { identifier, title: `Deployment ${identifier}`, properties: { tier: 'gold' } };
  return {
    type: 'UPSERT_ENTITY',
    runId: `r_${identifier}`,
    blueprint,
    entity,
    target: 'port',
    request: {
      method: 'POST',
      url: `${port!.url}/v1/blueprints/${blueprint}/entities?upsert=true&run_id=r_${identifier}`,
      body: entity,
    },
  };
}

/** A clock the token cache reads; moved by hand. */
function clock(start = Date.UTC(2026, 0, 1)) {
  const state = { ms: start };
  return { now: () => state.ms, advance: (ms: number) => (state.ms += ms) };
}

describe("UPSERT_ENTITY to a Port account (a loopback fake of Port's API)", () => {
  it('upserts with one cached token, tied to the run, and answers the entity', async () => {
    port = await startFakePort({ ...ACCOUNT, blueprints: ['deployment'] });
    const tokens = new PortTokenCache({ apiUrl: port.url, ...ACCOUNT });
    const results = await Promise.all(
      ['a', 'b', 'c'].map((id) => sendUpsertEntityToPort(plan(id), tokens)),
    );
    expect(results.map((r) => r.outcome === 'done' && r.status)).toEqual([
      'SUCCESS',
      'SUCCESS',
      'SUCCESS',
    ]);
    expect(port.tokens).toHaveLength(1);
    expect(port.entities.get('deployment/b')).toEqual({
      entity: {
        identifier: 'b',
        title: 'Deployment b',
        properties: { tier: 'gold' },
        blueprint: 'deployment',
      },
      runId: 'r_b',
    });
    expect(results[0]).toMatchObject({ summary: 'Upserted entity deployment/a in Port' });
  });

  it('renews the token once it is about to expire, not before', async () => {
    port = await startFakePort({ ...ACCOUNT, blueprints: ['deployment'], expiresIn: 600 });
    const time = clock();
    const tokens = new PortTokenCache({ apiUrl: port.url, ...ACCOUNT }, { now: time.now });
    await sendUpsertEntityToPort(plan('a'), tokens);
    time.advance(539_000); // 600 s less the 60 s margin, less one second
    await sendUpsertEntityToPort(plan('b'), tokens);
    expect(port.tokens).toHaveLength(1);
    time.advance(1_000);
    await sendUpsertEntityToPort(plan('c'), tokens);
    expect(port.tokens).toHaveLength(2);
    const authorizations = port.requests
      .filter((r) => r.url.startsWith('/v1/blueprints/'))
      .map((r) => r.headers.authorization);
    expect(authorizations).toEqual([
      `Bearer ${port.tokens[0]}`,
      `Bearer ${port.tokens[0]}`,
      `Bearer ${port.tokens[1]}`,
    ]);
  });

  it('retries 429 (with Retry-After), 5xx and a revoked token; fails on Port refusals', async () => {
    port = await startFakePort({ ...ACCOUNT, blueprints: ['deployment'] });
    const tokens = new PortTokenCache({ apiUrl: port.url, ...ACCOUNT });
    port.failNext(1, 429);
    await sendUpsertEntityToPort(plan('warmup'), tokens).then((r) =>
      expect(r).toMatchObject({ outcome: 'retry', httpStatus: 429, retryAfterMs: 1000 }),
    );
    port.failNext(1, 503);
    expect(await sendUpsertEntityToPort(plan('a'), tokens)).toMatchObject({
      outcome: 'retry',
      httpStatus: 503,
    });
    port.revokeTokens();
    expect(await sendUpsertEntityToPort(plan('a'), tokens)).toMatchObject({
      outcome: 'retry',
      httpStatus: 401,
    });
    // The next attempt gets a new token and succeeds.
    expect(await sendUpsertEntityToPort(plan('a'), tokens)).toMatchObject({
      outcome: 'done',
      status: 'SUCCESS',
    });
    expect(port.tokens).toHaveLength(2);
    expect(await sendUpsertEntityToPort(plan('x', 'nope'), tokens)).toMatchObject({
      outcome: 'done',
      status: 'FAILURE',
      httpStatus: 404,
      summary:
        'Port refused the entity nope/x: not_found: Blueprint with identifier "nope" was not found',
    });
  });

  it('fails without retrying when Port refuses the client id and secret', async () => {
    port = await startFakePort({ ...ACCOUNT, blueprints: ['deployment'] });
    const tokens = new PortTokenCache({
      apiUrl: port.url,
      clientId: 'port-client',
      clientSecret: 'wrong',
    });
    const result = await sendUpsertEntityToPort(plan('a'), tokens);
    expect(result).toMatchObject({ outcome: 'done', status: 'FAILURE' });
    expect(result.outcome === 'done' && result.summary).toContain(
      'check SWITCHYARD_PORT_CLIENT_ID and SWITCHYARD_PORT_CLIENT_SECRET',
    );
    expect(JSON.stringify(result)).not.toContain('wrong-secret-value-x');
    expect(port.entities.size).toBe(0);
  });
});
