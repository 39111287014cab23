import { afterEach, describe, expect, it } from 'vitest';
import type { Bot } from '../../../bot/create-bot.js';
import { startTestBot } from '../../helpers/start-test-bot.js';

let bot: (Bot & { dir: string }) | undefined;
afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

const PAGES = [
  '/runs',
  '/runs/r_123',
  '/events',
  '/events/evt-1',
  '/automations',
  '/actions',
  '/actions/deploy',
];

function assetsOf(html: string): string[] {
  return [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((match) => match[1]!);
}

describe('the web UI on the bot port', () => {
  it('redirects / to /runs and serves every page URL as the same index.html', async () => {
    bot = await startTestBot({});
    const root = await fetch(`${bot.url}/`, { redirect: 'manual' });
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/runs');
    const bodies = new Set<string>();
    for (const path of [...PAGES, '/login']) {
      const answer = await fetch(`${bot.url}${path}`);
      expect(answer.status, path).toBe(200);
      expect(answer.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(answer.headers.get('cache-control')).toBe('no-cache');
      bodies.add(await answer.text());
    }
    expect(bodies.size).toBe(1);
    const head = await fetch(`${bot.url}/runs`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = [...bodies][0]!;
    expect(html).toContain('<div id="app">');
    // Only external, hashed script and stylesheet: nothing inline for the CSP to allow.
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/<style|style="/);
    expect(assetsOf(html)).toEqual([
      expect.stringMatching(/^\/assets\/main-[A-Z0-9]{8}\.css$/),
      expect.stringMatching(/^\/assets\/main-[A-Z0-9]{8}\.js$/),
    ]);
  });

  it('sends a strict CSP, nosniff and no referrer with pages and assets', async () => {
    bot = await startTestBot({});
    const page = await fetch(`${bot.url}/runs`);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp.split('; ')).toEqual(
      expect.arrayContaining([
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "frame-ancestors 'none'",
        "object-src 'none'",
      ]),
    );
    expect(csp).not.toContain('unsafe-inline');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    for (const asset of assetsOf(await page.text())) {
      const answer = await fetch(`${bot.url}${asset}`);
      expect(answer.status, asset).toBe(200);
      expect(answer.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(answer.headers.get('content-security-policy')).toBe(csp);
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
      expect(answer.headers.get('content-type')).toBe(
        asset.endsWith('.js') ? 'text/javascript; charset=utf-8' : 'text/css; charset=utf-8',
      );
      expect((await answer.arrayBuffer()).byteLength).toBeGreaterThan(100);
    }
    const missing = await fetch(`${bot.url}/assets/main-NOTTHERE.js`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ ok: false, error: 'not_found' });
  });

  it('answers 401 (with the login form) for every page until logged in, then 200', async () => {
    bot = await startTestBot(
      {},
      { SWITCHYARD_CLIENT_ID: 'ui-client', SWITCHYARD_CLIENT_SECRET: 'a-long-secret-for-the-ui' },
    );
    for (const path of PAGES) {
      const answer = await fetch(`${bot.url}${path}`);
      expect(answer.status, path).toBe(401);
      expect(await answer.text()).toContain('<div id="app">');
    }
    expect((await fetch(`${bot.url}/login`)).status).toBe(200);
    const forged = await fetch(`${bot.url}/runs`, {
      headers: { cookie: 'switchyard_session=sy1.forged.token' },
    });
    expect(forged.status).toBe(401);

    const login = await fetch(`${bot.url}/v1/ui/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ clientId: 'ui-client', clientSecret: 'a-long-secret-for-the-ui' }),
    });
    expect(login.status).toBe(200);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    expect(cookie).toMatch(/^switchyard_session=sy1\./);
    for (const path of PAGES) {
      const answer = await fetch(`${bot.url}${path}`, { headers: { cookie } });
      expect(answer.status, path).toBe(200);
    }
  });
});
