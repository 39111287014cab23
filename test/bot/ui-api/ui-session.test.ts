import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  CLIENT_ID,
  CLIENT_SECRET,
  closeSharedJq,
  startApiHarness,
  type ApiHarness,
} from '../api/api-harness.js';

let api: ApiHarness | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});
afterAll(closeSharedJq);

async function logIn(harness: ApiHarness): Promise<{ cookie: string; csrfToken: string }> {
  const answer = await harness.request('POST', '/v1/ui/login', {
    token: null,
    body: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET },
  });
  expect(answer.status).toBe(200);
  const setCookie = answer.headers.get('set-cookie') ?? '';
  return { cookie: setCookie.split(';')[0]!, csrfToken: answer.body.csrfToken as string };
}

describe('UI sessions with credentials configured', () => {
  it('logs in with a cookie that is HttpOnly and SameSite=Strict and answers the session', async () => {
    api = await startApiHarness();
    const answer = await api.request('POST', '/v1/ui/login', {
      token: null,
      body: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET },
    });
    expect(answer.body).toEqual({
      ok: true,
      subject: CLIENT_ID,
      csrfToken: expect.stringMatching(/^[\w-]{43}$/),
      expiresAt: expect.any(String),
    });
    const setCookie = answer.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^switchyard_session=sy1\.[\w-]+\.[\w-]+; /);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    expect(setCookie).toContain('Path=/');
    expect(setCookie).not.toContain('Secure');
    const cookie = setCookie.split(';')[0]!;
    const session = await api.request('GET', '/v1/ui/session', {
      token: null,
      headers: { cookie },
    });
    expect(session.status).toBe(200);
    expect(session.body).toMatchObject({
      ok: true,
      open: false,
      authenticated: true,
      subject: CLIENT_ID,
      csrfToken: answer.body.csrfToken,
    });
    const runs = await api.request('GET', '/v1/actions/runs', { token: null, headers: { cookie } });
    expect(runs.status).toBe(200);
  });

  it('marks the cookie Secure when the request came over https', async () => {
    api = await startApiHarness();
    const answer = await api.request('POST', '/v1/ui/login', {
      token: null,
      headers: { 'x-forwarded-proto': 'https' },
      body: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET },
    });
    expect(answer.headers.get('set-cookie')).toContain('Secure');
  });

  it('refuses wrong credentials with invalid_credentials and sets no cookie', async () => {
    api = await startApiHarness();
    const answer = await api.request('POST', '/v1/ui/login', {
      token: null,
      body: { clientId: CLIENT_ID, clientSecret: 'not-the-secret' },
    });
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({ ok: false, error: 'invalid_credentials' });
    expect(answer.headers.get('set-cookie')).toBeNull();
  });

  it('answers 401 without a session, on the session route and on every API route', async () => {
    api = await startApiHarness();
    for (const path of ['/v1/ui/session', '/v1/actions/runs', '/v1/automations']) {
      const answer = await api.request('GET', path, { token: null });
      expect(answer.status, path).toBe(401);
    }
    const forged = await api.request('GET', '/v1/ui/session', {
      token: null,
      headers: { cookie: 'switchyard_session=sy1.e30.forged' },
    });
    expect(forged.status).toBe(401);
  });

  it('refuses a state-changing cookie request without the CSRF token, accepts it with', async () => {
    api = await startApiHarness();
    const [runId] = await api.seedRuns({});
    const { cookie, csrfToken } = await logIn(api);
    const missing = await api.request('PATCH', `/v1/actions/runs/${runId}`, {
      token: null,
      headers: { cookie },
      body: { statusLabel: 'x' },
    });
    expect(missing.status).toBe(403);
    expect(missing.body).toMatchObject({ ok: false, error: 'csrf_failed' });
    const wrong = await api.request('PATCH', `/v1/actions/runs/${runId}`, {
      token: null,
      headers: { cookie, 'x-csrf-token': csrfToken.slice(1) + 'A' },
      body: { statusLabel: 'x' },
    });
    expect(wrong.status).toBe(403);
    expect((await api.store.getRun(runId!))?.statusLabel).toBeNull();
    const right = await api.request('PATCH', `/v1/actions/runs/${runId}`, {
      token: null,
      headers: { cookie, 'x-csrf-token': csrfToken },
      body: { statusLabel: 'Deploying' },
    });
    expect(right.status).toBe(200);
    expect((await api.store.getRun(runId!))?.updatedBy).toBe(CLIENT_ID);
    // A Bearer caller needs no CSRF token.
    const bearer = await api.request('PATCH', `/v1/actions/runs/${runId}`, {
      body: { statusLabel: 'Still deploying' },
    });
    expect(bearer.status).toBe(200);
  });

  it('logs out by clearing the cookie', async () => {
    api = await startApiHarness();
    const answer = await api.request('POST', '/v1/ui/logout', { token: null });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('set-cookie')).toMatch(/^switchyard_session=; .*Max-Age=0/);
  });
});

describe('UI sessions on an open API (no credentials, loopback)', () => {
  it('answers an open session and lets same-site browsers change runs', async () => {
    api = await startApiHarness({ credentials: false });
    const session = await api.request('GET', '/v1/ui/session');
    expect(session.body).toEqual({
      ok: true,
      open: true,
      authenticated: true,
      subject: null,
      csrfToken: expect.any(String),
      expiresAt: null,
    });
    const [runId] = await api.seedRuns({});
    const sameOrigin = await api.request('PATCH', `/v1/actions/runs/${runId}`, {
      headers: { 'sec-fetch-site': 'same-origin' },
      body: { statusLabel: 'ok' },
    });
    expect(sameOrigin.status).toBe(200);
    const crossSite = await api.request('PATCH', `/v1/actions/runs/${runId}`, {
      headers: { 'sec-fetch-site': 'cross-site' },
      body: { statusLabel: 'evil' },
    });
    expect(crossSite.status).toBe(403);
    expect(crossSite.body).toMatchObject({ error: 'csrf_failed' });
    const withToken = await api.request('PATCH', `/v1/actions/runs/${runId}`, {
      headers: { 'sec-fetch-site': 'cross-site', 'x-csrf-token': session.body.csrfToken as string },
      body: { statusLabel: 'ok again' },
    });
    expect(withToken.status).toBe(200);
  });

  it('answers the standard 404 under the UI prefixes', async () => {
    api = await startApiHarness({ credentials: false });
    for (const path of [
      '/v1/ui/nope',
      '/v1/events/x/y/z',
      '/v1/stream/x',
      '/v1/definition-sets/x',
    ]) {
      const answer = await api.request('GET', path);
      expect(answer.status, path).toBe(404);
      expect(answer.body).toMatchObject({ ok: false, error: 'not_found' });
    }
  });
});
