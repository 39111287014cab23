import { createHmac, randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { ApiCredentials } from './access-token.js';
import { sameText } from './access-token.js';
import { ApiError } from './api-error.js';

/** Signs the CSRF token of an open UI (no credentials): per process, never stored. */
const OPEN_KEY = randomBytes(32);
const keys = new Map<string, Buffer>();

function keyOf(credentials: ApiCredentials | undefined): Buffer {
  if (credentials === undefined) return OPEN_KEY;
  let key = keys.get(credentials.clientSecret);
  if (key === undefined) {
    key = createHmac('sha256', credentials.clientSecret).update('switchyard csrf v1').digest();
    keys.clear();
    keys.set(credentials.clientSecret, key);
  }
  return key;
}

/**
 * The CSRF token of a session: an HMAC of its access token (double submit without server
 * state: a page on another origin can neither read the cookie nor compute this).
 */
export function csrfTokenFor(sessionToken: string | null, credentials?: ApiCredentials): string {
  return createHmac('sha256', keyOf(credentials))
    .update(`csrf:${sessionToken ?? 'open'}`)
    .digest('base64url');
}

/** POST, PATCH, PUT and DELETE change state; only they need the CSRF header. */
export function changesState(method: string): boolean {
  return method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS';
}

/** Throws 403 `csrf_failed` unless `X-CSRF-Token` is the session's token (constant time). */
export function checkCsrf(
  headers: IncomingHttpHeaders,
  sessionToken: string | null,
  credentials?: ApiCredentials,
): void {
  const sent = headers['x-csrf-token'];
  const value = Array.isArray(sent) ? sent[0] : sent;
  if (value === undefined || value === '') {
    throw new ApiError(
      403,
      'csrf_failed',
      'send the X-CSRF-Token header (the csrfToken of GET /v1/ui/session) with every POST, PATCH, PUT and DELETE made with the session cookie',
    );
  }
  if (!sameText(value, csrfTokenFor(sessionToken, credentials))) {
    throw new ApiError(
      403,
      'csrf_failed',
      'the X-CSRF-Token header is not the token of this session; get it again from GET /v1/ui/session',
    );
  }
}

/**
 * Whether a browser says the request comes from another site (`Sec-Fetch-Site`) — an open
 * UI refuses such state-changing requests without the CSRF token.
 */
export function fromAnotherSite(headers: IncomingHttpHeaders): boolean {
  const site = headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site') return true;
  const origin = headers.origin;
  if (origin === undefined || origin === 'null') return origin === 'null';
  try {
    return new URL(origin).host !== headers.host;
  } catch {
    return true;
  }
}
