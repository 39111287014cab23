import { issueAccessToken, sameText } from './access-token.js';
import { ApiError, invalidRequest } from './api-error.js';
import type { ApiAnswer, ApiCall, ApiRoute } from './api-route.js';
import { apiCredentials, authenticate } from './authenticate.js';
import { bodyObject } from './body-object.js';
import { csrfTokenFor } from './csrf-token.js';
import { readJsonBody } from './read-json-body.js';
import { cameOverHttps, sessionCookieHeader } from './session-cookie.js';

/** When a token expires (its `exp` claim), as ISO; the token was verified before. */
function expiresAtOf(token: string): string | null {
  try {
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as {
      exp?: unknown;
    };
    return typeof claims.exp === 'number' ? new Date(claims.exp * 1000).toISOString() : null;
  } catch {
    return null;
  }
}

/**
 * `POST /v1/ui/login` `{clientId, clientSecret}` → the session cookie (the access token,
 * HttpOnly, SameSite=Strict) and `{ok, subject, csrfToken, expiresAt}`.
 */
async function login({ req, ctx }: ApiCall): Promise<ApiAnswer> {
  const body = bodyObject(await readJsonBody(req), ['clientId', 'clientSecret']);
  const { clientId, clientSecret } = body;
  if (typeof clientId !== 'string' || typeof clientSecret !== 'string') {
    throw invalidRequest('clientId and clientSecret are required strings');
  }
  const credentials = apiCredentials(ctx.config);
  if (credentials === undefined) {
    return {
      status: 200,
      body: { ok: true, open: true, subject: null, csrfToken: csrfTokenFor(null), expiresAt: null },
    };
  }
  const idMatches = sameText(clientId, credentials.clientId);
  const secretMatches = sameText(clientSecret, credentials.clientSecret);
  if (!idMatches || !secretMatches) {
    ctx.log.warn('refused a UI login: wrong client id or secret');
    throw new ApiError(401, 'invalid_credentials', 'the client id or client secret is wrong');
  }
  const { accessToken } = issueAccessToken(credentials, Date.now());
  return {
    status: 200,
    headers: { 'set-cookie': sessionCookieHeader(accessToken, cameOverHttps(req.headers)) },
    body: {
      ok: true,
      subject: credentials.clientId,
      csrfToken: csrfTokenFor(accessToken, credentials),
      expiresAt: expiresAtOf(accessToken),
    },
  };
}

/** `POST /v1/ui/logout` clears the cookie (the token itself stays valid until it expires). */
async function logout({ req }: ApiCall): Promise<ApiAnswer> {
  return {
    status: 200,
    headers: { 'set-cookie': sessionCookieHeader(null, cameOverHttps(req.headers)) },
    body: { ok: true },
  };
}

/** `GET /v1/ui/session` → who is logged in and the CSRF token; 401 without a session. */
async function session({ req, ctx }: ApiCall): Promise<ApiAnswer> {
  const credentials = apiCredentials(ctx.config);
  if (credentials === undefined) {
    return {
      status: 200,
      body: {
        ok: true,
        open: true,
        authenticated: true,
        subject: null,
        csrfToken: csrfTokenFor(null),
        expiresAt: null,
      },
    };
  }
  const caller = authenticate(req, ctx.config, Date.now());
  return {
    status: 200,
    body: {
      ok: true,
      open: false,
      authenticated: true,
      subject: caller.subject,
      csrfToken: csrfTokenFor(caller.token ?? null, credentials),
      expiresAt: caller.token === undefined ? null : expiresAtOf(caller.token),
    },
  };
}

export const uiSessionRoutes: readonly ApiRoute[] = [
  { method: 'POST', pattern: '/v1/ui/login', auth: false, ui: true, handle: login },
  { method: 'POST', pattern: '/v1/ui/logout', auth: false, ui: true, handle: logout },
  { method: 'GET', pattern: '/v1/ui/session', auth: false, ui: true, handle: session },
];
