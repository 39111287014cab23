import { timingSafeEqual } from 'node:crypto';
import { portSignature } from '../../core/backends/sign/port-signature.js';

export type SignatureCheck =
  { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** Port's replay window for signed requests. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/**
 * Verifies Port's signature on a raw body before anything parses it:
 * `X-Port-Timestamp` (seconds) within 5 minutes of now, and
 * `X-Port-Signature: v1,<base64 HMAC-SHA256(secret, timestamp + "." + body)>`, compared in
 * constant time. Several space-separated signatures are accepted (secret rotation).
 */
export function verifyPortSignature(
  secret: string,
  timestampHeader: string | string[] | undefined,
  signatureHeader: string | string[] | undefined,
  body: Buffer,
  nowMs = Date.now(),
): SignatureCheck {
  if (typeof timestampHeader !== 'string' || timestampHeader === '') {
    return { ok: false, reason: 'missing X-Port-Timestamp header (Unix time in seconds)' };
  }
  if (typeof signatureHeader !== 'string' || signatureHeader === '') {
    return { ok: false, reason: 'missing X-Port-Signature header ("v1,<base64 HMAC-SHA256>")' };
  }
  if (!/^\d{1,12}$/.test(timestampHeader)) {
    return { ok: false, reason: 'X-Port-Timestamp must be Unix time in seconds' };
  }
  const skew = Math.abs(nowMs / 1000 - Number(timestampHeader));
  if (skew > SIGNATURE_TOLERANCE_SECONDS) {
    return {
      ok: false,
      reason: `X-Port-Timestamp is ${Math.round(skew)} s away from now; the limit is ${SIGNATURE_TOLERANCE_SECONDS} s (check the sender's clock, and do not replay requests)`,
    };
  }
  const expected = Buffer.from(portSignature(secret, timestampHeader, body));
  for (const candidate of signatureHeader.split(' ')) {
    const [version, value] = candidate.split(',', 2);
    if (version !== 'v1' || value === undefined) continue;
    const given = Buffer.from(value);
    if (given.length === expected.length && timingSafeEqual(given, expected)) return { ok: true };
  }
  return {
    ok: false,
    reason:
      'X-Port-Signature does not match the body: sign "<timestamp>.<raw body>" with HMAC-SHA256 and SWITCHYARD_EVENTS_SECRET, base64, prefixed "v1,"',
  };
}
