import type { IncomingHttpHeaders } from 'node:http';
import type { BotConfig } from '../config/read-config.js';
import type { BotContext } from '../bot-context.js';
import { verifyAccessToken, type ApiCredentials } from './access-token.js';
import { ApiError } from './api-error.js';

/** Who is calling: the token's subject (the client id), or null on an open API. */
export interface Caller {
  readonly subject: string | null;
}

/** The configured API credentials; undefined = the API is open (embedded local default). */
export function apiCredentials(config: BotConfig): ApiCredentials | undefined {
  return config.clientId !== undefined && config.clientSecret !== undefined
    ? { clientId: config.clientId, clientSecret: config.clientSecret }
    : undefined;
}

const REASONS = {
  malformed: 'the access token is malformed',
  'bad-signature': 'the access token is not valid',
  expired: 'the access token has expired; get a new one from POST /v1/auth/access_token',
  'wrong-client': 'the access token was issued to another client',
} as const;

/** Checks `Authorization: Bearer <token>`; throws 401 `unauthorized` when it does not hold. */
export function authenticate(
  req: { readonly headers: IncomingHttpHeaders },
  config: BotConfig,
  nowMs: number,
): Caller {
  const credentials = apiCredentials(config);
  if (credentials === undefined) return { subject: null };
  const header = req.headers.authorization ?? '';
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
  return { subject: check.subject };
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
