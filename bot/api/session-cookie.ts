import type { IncomingHttpHeaders } from 'node:http';
import { TOKEN_LIFETIME_SECONDS } from './access-token.js';

/** The UI's session cookie: the access token of `POST /v1/auth/access_token`. */
export const SESSION_COOKIE = 'switchyard_session';

/** The session cookie's value, when the request carries one. */
export function sessionCookieOf(headers: IncomingHttpHeaders): string | undefined {
  const header = headers.cookie;
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at === -1) continue;
    if (part.slice(0, at).trim() !== SESSION_COOKIE) continue;
    const value = part.slice(at + 1).trim();
    return value === '' ? undefined : value;
  }
  return undefined;
}

/** Whether the request reached us over https (directly or through a proxy that says so). */
export function cameOverHttps(headers: IncomingHttpHeaders): boolean {
  const forwarded = headers['x-forwarded-proto'];
  const proto = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
  return proto === 'https';
}

/** `Set-Cookie` for a new session (token given) or for clearing it (token null). */
export function sessionCookieHeader(token: string | null, secure: boolean): string {
  const parts = [
    `${SESSION_COOKIE}=${token ?? ''}`,
    'HttpOnly',
    'SameSite=Strict',
    'Path=/',
    `Max-Age=${token === null ? 0 : TOKEN_LIFETIME_SECONDS}`,
  ];
  if (secure) parts.push('Secure');
  return parts.join('; ');
}
