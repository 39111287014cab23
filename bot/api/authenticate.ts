import type { IncomingHttpHeaders } from 'node:http';
import type { BotConfig } from '../config/read-config.js';
import type { BotContext } from '../bot-context.js';
import { verifyAccessToken, type ApiCredentials } from './access-token.js';
import { ApiError } from './api-error.js';
import { changesState, checkCsrf, fromAnotherSite } from './csrf-token.js';
import { sessionCookieOf } from './session-cookie.js';

/** Who is calling: the token's subject (the client id), or null on an open API. */
export interface Caller {
  readonly subject: string | null;
  /** How: a Bearer header, the UI's session cookie, or nothing (open API). */
  readonly via?: 'bearer' | 'cookie' | 'open';
  /** The access token (Bearer or cookie), when there is one. */
  readonly token?: string;
}

/** The configured API credentials; undefined = the API is open (embedded local default). */
export function apiCredentials(config: BotConfig): ApiCredentials | undefined {
  return config.clientId !== undefined && config.clientSecret !== undefined
    ? { clientId: config.clientId, clientSecret: config.clientSecret }
    : undefined;
}

/** The name actions are recorded under: the caller's client id, or `ui` on an open API. */
export function whoIs(caller: Caller): string {
  return caller.subject ?? 'ui';
}

/** Loopback: where an API without credentials may serve the UI. */
export function isLoopbackHost(host: string): boolean {
  return ['127.0.0.1', '::1', 'localhost', '[::1]'].includes(host) || host.startsWith('127.');
}

const REASONS = {
  malformed: 'the access token is malformed',
  'bad-signature': 'the access token is not valid',
  expired: 'the access token has expired; get a new one from POST /v1/auth/access_token',
  'wrong-client': 'the access token was issued to another client',
} as const;

/**
 * Checks `Authorization: Bearer <token>`, or else the UI's session cookie (the same token);
 * throws 401 `unauthorized` when neither holds. A state-changing request made with the cookie
 * must carry the session's CSRF token (403 `csrf_failed`).
 */
export function authenticate(
  req: { readonly headers: IncomingHttpHeaders; readonly method?: string },
  config: BotConfig,
  nowMs: number,
): Caller {
  const credentials = apiCredentials(config);
  const method = req.method ?? 'GET';
  if (credentials === undefined) {
    // Open: a page on another site must not make the browser change anything here.
    if (
      changesState(method) &&
      req.headers.authorization === undefined &&
      fromAnotherSite(req.headers)
    ) {
      checkCsrf(req.headers, null);
    }
    return { subject: null, via: 'open' };
  }
  const header = req.headers.authorization ?? '';
  const cookie = sessionCookieOf(req.headers);
  if (header === '' && cookie !== undefined) {
    const check = verifyAccessToken(cookie, credentials, nowMs);
    if (!check.ok)
      throw unauthorized(`the session is not valid (${REASONS[check.reason]}); log in again`);
    if (changesState(method)) checkCsrf(req.headers, cookie, credentials);
    return { subject: check.subject, via: 'cookie', token: cookie };
  }
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (match === null) {
    throw unauthorized(
      header === ''
        ? 'send Authorization: Bearer <token>; get a token from POST /v1/auth/access_token'
        : 'the Authorization header must be "Bearer <token>"',
    );
  }
  const check = verifyAccessToken(match[1]!, credentials, nowMs);
  if (!check.ok) throw unauthorized(REASONS[check.reason]);
  return { subject: check.subject, via: 'bearer', token: match[1]! };
}

/**
 * The UI's own routes on an API without credentials: open on loopback only (403 `ui_closed`
 * elsewhere: there would be no way to log in, and events and replays would be public).
 */
export function assertUiAvailable(config: BotConfig): void {
  if (apiCredentials(config) !== undefined || isLoopbackHost(config.host)) return;
  throw new ApiError(
    403,
    'ui_closed',
    `the UI and its routes are open only on a loopback address without credentials (HOST is ${config.host}): set SWITCHYARD_CLIENT_ID and SWITCHYARD_CLIENT_SECRET to log in`,
  );
}

export function unauthorized(message: string): ApiError {
  return new ApiError(401, 'unauthorized', message, {}, { 'www-authenticate': 'Bearer' });
}

const warned = new WeakSet<object>();

/**
 * Logs once per bot (the server calls it at startup; the first request calls it too) that the
 * run API accepts every caller because no client id and secret are configured.
 */
export function warnIfApiIsOpen(ctx: Pick<BotContext, 'config' | 'log'>): void {
  if (warned.has(ctx) || apiCredentials(ctx.config) !== undefined) return;
  warned.add(ctx);
  ctx.log.warn(
    'the run API is open to every caller: set SWITCHYARD_CLIENT_ID and SWITCHYARD_CLIENT_SECRET to require access tokens',
  );
}
