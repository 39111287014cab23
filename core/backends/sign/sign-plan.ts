import { portSignatureHeaders } from './port-signature.js';
import type { RequestPlan } from '../plan/request-plan.js';

/**
 * Re-signs a webhook or Kafka plan with Port's headers for the moment it is sent: a
 * signature made at planning time would be stale after a retry (receivers allow 5 minutes).
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
  return plan;
}
