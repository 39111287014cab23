import { createHmac } from 'node:crypto';

/**
 * The checksum Port puts on AZURE_DEVOPS requests: `X-Port-Signature` = hex
 * HMAC-SHA1(client secret, body). Azure DevOps' incoming-webhook service connection,
 * given the same secret and `x-port-signature` as its checksum header, recomputes it
 * over the raw body and refuses the request when it differs.
 */
export function azureDevopsChecksum(secret: string, body: string | Buffer): string {
  return createHmac('sha1', secret).update(body).digest('hex');
}

export const AZURE_DEVOPS_CHECKSUM_HEADER = 'X-Port-Signature';
