import { AZURE_DEVOPS_CHECKSUM_HEADER, azureDevopsChecksum } from './azure-devops-checksum.js';
import { portSignatureHeaders } from './port-signature.js';
import type { RequestPlan } from '../plan/request-plan.js';

/**
 * Re-signs a webhook or Kafka plan with Port's headers for the moment it is sent: a
 * signature made at planning time would be stale after a retry (receivers allow 5 minutes).
 * An AZURE_DEVOPS plan gets the HMAC-SHA1 checksum Azure DevOps' incoming webhooks verify.
 */
export function signPlan(
  plan: RequestPlan,
  secret: string | undefined,
  now = new Date(),
): RequestPlan {
  if (!secret) return plan;
  if (plan.type === 'WEBHOOK') {
    return {
      ...plan,
      headers: { ...plan.headers, ...portSignatureHeaders(secret, plan.bodyText, now) },
    };
  }
  if (plan.type === 'KAFKA') {
    return {
      ...plan,
      headers: {
        ...plan.headers,
        ...portSignatureHeaders(secret, JSON.stringify(plan.value), now),
      },
    };
  }
  if (plan.type === 'AZURE_DEVOPS') {
    return {
      ...plan,
      headers: {
        ...plan.headers,
        [AZURE_DEVOPS_CHECKSUM_HEADER]: azureDevopsChecksum(secret, plan.bodyText),
      },
    };
  }
  return plan;
}
