import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** Port's API credentials as configured (`SWITCHYARD_CLIENT_ID`, `SWITCHYARD_CLIENT_SECRET`). */
export interface ApiCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
}

/** Tokens last an hour. */
export const TOKEN_LIFETIME_SECONDS = 3600;
/** Tolerated clock difference between replicas for `iat`. */
const CLOCK_SKEW_SECONDS = 60;
const PREFIX = 'sy1';

export interface IssuedToken {
  readonly accessToken: string;
  readonly expiresIn: number;
}

export type TokenCheck =
  | { readonly ok: true; readonly subject: string }
  | {
      readonly ok: false;
      readonly reason: 'malformed' | 'bad-signature' | 'expired' | 'wrong-client';
    };

/**
 * A stateless access token, valid on every replica with the same credentials:
 * `sy1.<base64url {sub, iat, exp}>.<base64url HMAC-SHA256>` keyed by a key derived from the
 * client secret (changing the secret revokes every token).
 */
export function issueAccessToken(credentials: ApiCredentials, nowMs: number): IssuedToken {
  const iat = Math.floor(nowMs / 1000);
  const payload = Buffer.from(
    JSON.stringify({ sub: credentials.clientId, iat, exp: iat + TOKEN_LIFETIME_SECONDS }),
  ).toString('base64url');
  const signed = `${PREFIX}.${payload}`;
  return {
    accessToken: `${signed}.${sign(signed, credentials.clientSecret)}`,
    expiresIn: TOKEN_LIFETIME_SECONDS,
  };
}

export function verifyAccessToken(
  token: string,
  credentials: ApiCredentials,
  nowMs: number,
): TokenCheck {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== PREFIX) return { ok: false, reason: 'malformed' };
  const [, payload, signature] = parts as [string, string, string];
  // Compared as text: base64url decoding is lenient and would accept variants of a signature.
  if (!sameText(signature, sign(`${PREFIX}.${payload}`, credentials.clientSecret))) {
    return { ok: false, reason: 'bad-signature' };
  }
  let claims: { sub?: unknown; iat?: unknown; exp?: unknown };
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as typeof claims;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const now = nowMs / 1000;
  if (
    typeof claims.sub !== 'string' ||
    typeof claims.iat !== 'number' ||
    typeof claims.exp !== 'number'
  ) {
    return { ok: false, reason: 'malformed' };
  }
  if (claims.exp <= now || claims.iat > now + CLOCK_SKEW_SECONDS)
    return { ok: false, reason: 'expired' };
  if (!sameText(claims.sub, credentials.clientId)) return { ok: false, reason: 'wrong-client' };
  return { ok: true, subject: claims.sub };
}

/** Constant-time comparison of two strings of any lengths. */
export function sameText(a: string, b: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(a), digest(b));
}

function sign(data: string, clientSecret: string): string {
  return createHmac('sha256', signingKey(clientSecret)).update(data).digest('base64url');
}

const keys = new Map<string, Buffer>();

/** The HMAC key: derived from the secret, so the secret itself never signs anything. */
function signingKey(clientSecret: string): Buffer {
  let key = keys.get(clientSecret);
  if (key === undefined) {
    key = createHmac('sha256', clientSecret).update('switchyard access token v1').digest();
    keys.clear();
    keys.set(clientSecret, key);
  }
  return key;
}
