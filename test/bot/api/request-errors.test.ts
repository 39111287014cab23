import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeSharedJq, startApiHarness, type ApiHarness } from './api-harness.js';

let api: ApiHarness;
beforeEach(async () => {
  api = await startApiHarness();
});
afterEach(() => api.close());
afterAll(closeSharedJq);

describe('request errors', () => {
  it('answers 413 payload_too_large for a body over 1 MiB', async () => {
    const [id] = await api.seedRuns({});
    const big = JSON.stringify({ message: 'x'.repeat(1024 * 1024) });
    const answer = await api.request('POST', `/v1/actions/runs/${id}/logs`, { raw: big });
    expect(answer.status).toBe(413);
    expect(answer.body).toMatchObject({ ok: false, error: 'payload_too_large' });
    expect(await api.store.listRunLogs(id!)).toEqual([]);
  });

  it("answers 400 invalid_json with the parser's position", async () => {
    const [id] = await api.seedRuns({});
    const answer = await api.request('PATCH', `/v1/actions/runs/${id}`, {
      raw: '{"status": "SUCCESS",}',
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe('invalid_json');
    expect(answer.body.message).toMatch(/position 21/);
  });

  it('answers 415 for a body that is not JSON', async () => {
    const [id] = await api.seedRuns({});
    const answer = await api.request('POST', `/v1/actions/runs/${id}/logs`, {
      raw: 'message=hi',
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(answer.status).toBe(415);
    expect(answer.body).toMatchObject({ ok: false, error: 'unsupported_media_type' });
    const charset = await api.request('POST', `/v1/actions/runs/${id}/logs`, {
      raw: '{"message":"hi"}',
      contentType: 'application/json; charset=utf-8',
    });
    expect(charset.status).toBe(201);
  });

  it('answers 405 with an allow header for a known path and the wrong method', async () => {
    const cases: [string, string, string][] = [
      ['DELETE', '/v1/actions/runs/r_x', 'GET, PATCH'],
      ['POST', '/v1/actions/runs', 'GET'],
      ['GET', '/v1/auth/access_token', 'POST'],
      ['PUT', '/v1/actions/runs/r_x/logs', 'POST, GET'],
      ['GET', '/v1/actions/deploy/runs', 'POST'],
      ['POST', '/healthz', 'GET'],
    ];
    for (const [method, path, allow] of cases) {
      const answer = await api.request(method, path);
      expect(answer.status, `${method} ${path}`).toBe(405);
      expect(answer.headers.get('allow')).toBe(allow);
      expect(answer.body.error).toBe('method_not_allowed');
    }
  });

  it('answers 404 for an unknown path under its prefixes', async () => {
    for (const path of ['/v1/actions/runs/r_x/approval', '/v1/auth/refresh', '/v1/automations/x']) {
      const answer = await api.request('GET', path);
      expect(answer.status, path).toBe(404);
      expect(answer.body.error).toBe('not_found');
    }
  });

  it('leaves paths it does not own to the next handler', async () => {
    for (const [method, path] of [
      // POST /v1/events (ingest) is the bot's, tried before the API; the API owns GET /v1/events.
      ['POST', '/v1/eventsfoo'],
      ['POST', '/api/github/webhooks'],
      ['GET', '/metrics'],
      ['GET', '/'],
      ['GET', '/v1/actionsfoo'],
      ['GET', '/healthzz'],
    ]) {
      const answer = await api.request(method!, path!, { token: null });
      expect(answer.status, path).toBe(418);
    }
  });

  it('tolerates a trailing slash', async () => {
    expect((await api.request('GET', '/v1/actions/runs/')).status).toBe(200);
  });
});
