import { describe, expect, it } from 'vitest';
import {
  issueAccessToken,
  TOKEN_LIFETIME_SECONDS,
  verifyAccessToken,
} from '../../../bot/api/access-token.js';

const credentials = { clientId: 'ci-client', clientSecret: 'secret-one' };
const now = Date.UTC(2025, 0, 1, 12);

describe('access tokens', () => {
  it('issues sy1.<payload>.<signature> tokens that last an hour', () => {
    const { accessToken, expiresIn } = issueAccessToken(credentials, now);
    expect(expiresIn).toBe(3600);
    const [prefix, payload, signature] = accessToken.split('.');
    expect(prefix).toBe('sy1');
    expect(signature).toMatch(/^[\w-]{43}$/);
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as object;
    expect(claims).toEqual({ sub: 'ci-client', iat: now / 1000, exp: now / 1000 + 3600 });
    expect(accessToken).not.toContain('secret-one');
  });

  it('verifies a token on another replica with the same credentials (no shared state)', () => {
    const { accessToken } = issueAccessToken(credentials, now);
    expect(verifyAccessToken(accessToken, { ...credentials }, now + 1000)).toEqual({
      ok: true,
      subject: 'ci-client',
    });
  });

  it('refuses a token after its hour, and one issued in the future', () => {
    const { accessToken } = issueAccessToken(credentials, now);
    const later = now + TOKEN_LIFETIME_SECONDS * 1000;
    expect(verifyAccessToken(accessToken, credentials, later)).toEqual({
      ok: false,
      reason: 'expired',
    });
    expect(verifyAccessToken(accessToken, credentials, now - 5 * 60_000)).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  it('refuses a token whose payload or signature was changed', () => {
    const { accessToken } = issueAccessToken(credentials, now);
    const [prefix, payload, signature] = accessToken.split('.') as [string, string, string];
    const longer = Buffer.from(
      JSON.stringify({ sub: 'ci-client', iat: now / 1000, exp: now / 1000 + 999_999 }),
    ).toString('base64url');
    expect(verifyAccessToken(`${prefix}.${longer}.${signature}`, credentials, now)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
    const flipped = signature.slice(0, -1) + (signature.endsWith('A') ? 'B' : 'A');
    expect(verifyAccessToken(`${prefix}.${payload}.${flipped}`, credentials, now).ok).toBe(false);
    expect(verifyAccessToken(`${accessToken}=`, credentials, now).ok).toBe(false);
  });

  it('refuses tokens once the secret or the client id changes', () => {
    const { accessToken } = issueAccessToken(credentials, now);
    expect(
      verifyAccessToken(accessToken, { ...credentials, clientSecret: 'secret-two' }, now),
    ).toEqual({ ok: false, reason: 'bad-signature' });
    expect(verifyAccessToken(accessToken, { ...credentials, clientId: 'other' }, now)).toEqual({
      ok: false,
      reason: 'wrong-client',
    });
  });

  it('calls anything else malformed', () => {
    for (const token of ['', 'abc', 'sy2.a.b', 'sy1.a.b.c', 'sy1..']) {
      expect(verifyAccessToken(token, credentials, now).ok).toBe(false);
    }
    expect(verifyAccessToken('jwt.a.b', credentials, now)).toEqual({
      ok: false,
      reason: 'malformed',
    });
  });
});
