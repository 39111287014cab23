import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { issueAccessToken } from '../../../bot/api/access-token.js';
import { warnIfApiIsOpen } from '../../../bot/api/authenticate.js';
import {
  CLIENT_ID,
  CLIENT_SECRET,
  closeSharedJq,
  startApiHarness,
  type ApiHarness,
} from './api-harness.js';

let api: ApiHarness | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});
afterAll(closeSharedJq);

describe('POST /v1/auth/access_token', () => {
  it('answers a Bearer token for the configured client id and secret', async () => {
    api = await startApiHarness();
    const answer = await api.request('POST', '/v1/auth/access_token', {
      token: null,
      body: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET },
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      ok: true,
      accessToken: expect.stringMatching(/^sy1\.[\w-]+\.[\w-]+$/),
      expiresIn: 3600,
      tokenType: 'Bearer',
    });
    const runs = await api.request('GET', '/v1/actions/runs', {
      token: answer.body.accessToken as string,
    });
    expect(runs.status).toBe(200);
  });

  it('refuses a wrong secret or client id with 401 and logs no secret', async () => {
    api = await startApiHarness();
    for (const body of [
      { clientId: CLIENT_ID, clientSecret: 'guessed-secret-123' },
      { clientId: 'someone', clientSecret: CLIENT_SECRET },
    ]) {
      const answer = await api.request('POST', '/v1/auth/access_token', { token: null, body });
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual({
        ok: false,
        error: 'unauthorized',
        message: 'the clientId or clientSecret is wrong',
      });
    }
    expect(JSON.stringify(api.warnings)).not.toContain(CLIENT_SECRET);
    expect(JSON.stringify(api.warnings)).not.toContain('guessed-secret-123');
  });

  it('answers 422 when clientId or clientSecret is missing or not a string', async () => {
    api = await startApiHarness();
    for (const body of [{ clientId: CLIENT_ID }, { clientId: CLIENT_ID, clientSecret: 1 }]) {
      const answer = await api.request('POST', '/v1/auth/access_token', { token: null, body });
      expect(answer.status).toBe(422);
      expect(answer.body.error).toBe('invalid_request');
    }
    const extra = await api.request('POST', '/v1/auth/access_token', {
      token: null,
      body: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, scope: 'all' },
    });
    expect(extra.status).toBe(422);
    expect(extra.body.message).toContain('"scope"');
  });
});

describe('routes that need a token', () => {
  const protectedRoutes: [string, string][] = [
    ['GET', '/v1/actions/runs'],
    ['GET', '/v1/actions/runs/r_x'],
    ['PATCH', '/v1/actions/runs/r_x'],
    ['POST', '/v1/actions/runs/r_x/logs'],
    ['GET', '/v1/actions/runs/r_x/logs'],
    ['POST', '/v1/actions/deploy/runs'],
    ['GET', '/v1/automations'],
    ['GET', '/v1/poison-messages'],
  ];

  it('answers 401 unauthorized without a token, on every route', async () => {
    api = await startApiHarness();
    for (const [method, path] of protectedRoutes) {
      const answer = await api.request(method, path, { token: null });
      expect(answer.status, `${method} ${path}`).toBe(401);
      expect(answer.body).toEqual({
        ok: false,
        error: 'unauthorized',
        message: expect.stringContaining('Authorization: Bearer'),
      });
      expect(answer.headers.get('www-authenticate')).toBe('Bearer');
    }
  });

  it('answers 401 for an expired, a tampered and a foreign token, saying which', async () => {
    api = await startApiHarness();
    const expired = issueAccessToken(
      { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET },
      Date.now() - 2 * 3600_000,
    ).accessToken;
    const good = await api.token();
    const [prefix, , signature] = good.split('.');
    const forged = `${prefix}.${Buffer.from(JSON.stringify({ sub: CLIENT_ID, iat: 1, exp: 9e9 })).toString('base64url')}.${signature}`;
    const foreign = issueAccessToken(
      { clientId: CLIENT_ID, clientSecret: 'another-secret' },
      Date.now(),
    ).accessToken;
    const cases: [string, string][] = [
      [expired, 'expired'],
      [forged, 'not valid'],
      [foreign, 'not valid'],
      ['garbage', 'malformed'],
    ];
    for (const [token, reason] of cases) {
      const answer = await api.request('GET', '/v1/actions/runs', { token });
      expect(answer.status).toBe(401);
      expect(answer.body.error).toBe('unauthorized');
      expect(answer.body.message).toContain(reason);
    }
    const basic = await api.request('GET', '/v1/actions/runs', {
      token: null,
      headers: { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` },
    });
    expect(basic.status).toBe(401);
  });

  it('accepts a token issued by another replica with the same configuration', async () => {
    api = await startApiHarness();
    const other = await startApiHarness();
    try {
      const token = await other.token();
      expect((await api.request('GET', '/v1/automations', { token })).status).toBe(200);
    } finally {
      await other.close();
    }
  });

  it('leaves /healthz open', async () => {
    api = await startApiHarness();
    expect((await api.request('GET', '/healthz', { token: null })).status).toBe(200);
  });
});

describe('without configured credentials (the embedded default)', () => {
  it('serves every route without a token and warns once', async () => {
    api = await startApiHarness({ credentials: false });
    expect((await api.request('GET', '/v1/actions/runs')).status).toBe(200);
    expect((await api.request('GET', '/v1/automations')).status).toBe(200);
    warnIfApiIsOpen(api.ctx);
    const open = api.warnings.filter((line) => String(line.msg).includes('run API is open'));
    expect(open).toHaveLength(1);
    expect(open[0]!.msg).toContain('SWITCHYARD_CLIENT_ID');
  });

  it('still hands out tokens, so clients that always ask for one work unchanged', async () => {
    api = await startApiHarness({ credentials: false });
    const answer = await api.request('POST', '/v1/auth/access_token', {
      body: { clientId: 'anything', clientSecret: 'anything' },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.tokenType).toBe('Bearer');
    const runs = await api.request('GET', '/v1/actions/runs', {
      token: answer.body.accessToken as string,
    });
    expect(runs.status).toBe(200);
  });

  it('does not warn when credentials are configured', async () => {
    api = await startApiHarness();
    await api.request('GET', '/v1/actions/runs');
    warnIfApiIsOpen(api.ctx);
    expect(api.warnings.filter((line) => String(line.msg).includes('open'))).toEqual([]);
  });
});
