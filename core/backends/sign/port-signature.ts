import { createHmac } from 'node:crypto';

/**
 * Port's signature headers (spec §5.1): `X-Port-Timestamp` in seconds and
 * `X-Port-Signature: v1,<base64 HMAC-SHA256(secret, "<timestamp>.<body>")>`.
 */
export function portSignatureHeaders(
  secret: string,
  body: string,
  now: Date = new Date(),
): { 'X-Port-Timestamp': string; 'X-Port-Signature': string } {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  return {
    'X-Port-Timestamp': timestamp,
    'X-Port-Signature': `v1,${portSignature(secret, timestamp, body)}`,
  };
}

export function portSignature(secret: string, timestamp: string, body: string | Buffer): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('base64');
}
