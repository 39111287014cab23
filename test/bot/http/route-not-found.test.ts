import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bot } from '../../../bot/create-bot.js';
import { startTestBot } from '../../helpers/start-test-bot.js';

let bot: Bot;
beforeAll(async () => {
  bot = await startTestBot({});
});
afterAll(() => bot.stop());

describe('unknown routes', () => {
  it('get one 404 shape wherever the path is decided (router, API prefixes, agent paths)', async () => {
    const cases: [string, string][] = [
      ['GET', '/nowhere?token=x'],
      ['GET', '/metrics/extra'],
      ['POST', '/v1/events/a/b/c'],
      ['GET', '/v1/actions/runs/r_x/approval'],
      ['POST', '/v1/actions/a/b/c/d'],
      ['DELETE', '/v1/blueprints/a/entities/b/c/d'],
      ['GET', '/v1/workflows/runs'],
      ['PATCH', '/v1/organization'],
      ['GET', '/v1/kafka-credentials/extra'],
      ['PUT', '/v2/anything'],
    ];
    for (const [method, path] of cases) {
      const answer = await fetch(`${bot.url}${path}`, { method });
      expect(answer.status, `${method} ${path}`).toBe(404);
      expect(answer.headers.get('content-type'), path).toMatch(/^application\/json/);
      expect(await answer.json(), `${method} ${path}`).toEqual({
        ok: false,
        error: 'not_found',
        message: `there is no route ${method} ${path.split('?')[0]}`,
      });
    }
  });

  it('a missing run is the same 404 whether it is read, patched or logged to', async () => {
    const answers = await Promise.all([
      fetch(`${bot.url}/v1/actions/runs/r_gone`),
      fetch(`${bot.url}/v1/actions/runs/r_gone`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: '{"status":"SUCCESS"}',
      }),
      fetch(`${bot.url}/v1/actions/runs/r_gone/logs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"message":"hi"}',
      }),
      fetch(`${bot.url}/v1/actions/runs/r_gone/response`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: '{"response":{}}',
      }),
    ]);
    for (const answer of answers) {
      expect(answer.status).toBe(404);
      expect(await answer.json()).toEqual({
        ok: false,
        error: 'not_found',
        message: 'run r_gone was not found',
      });
    }
  });
});
