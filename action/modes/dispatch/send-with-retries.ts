import type { RequestPlan } from '../../../core/backends/plan/request-plan.js';
import { sendPlan, type SendDeps } from '../../../core/backends/send/send-plan.js';
import type { SendResult } from '../../../core/backends/send/send-result.js';

/** sendPlan, retried on transient failures (network, 5xx, 429) with a short backoff. */
export async function sendWithRetries(
  plan: RequestPlan,
  deps: SendDeps,
  attempts = 3,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): Promise<SendResult> {
  const logs: string[] = [];
  for (let attempt = 1; ; attempt++) {
    const result = await sendPlan(plan, deps);
    logs.push(...result.logs);
    if (result.outcome === 'done' || attempt >= attempts) return { ...result, logs };
    const wait = Math.min(result.retryAfterMs ?? 1000 * 2 ** (attempt - 1), 10_000);
    logs.push(`Attempt ${attempt} of ${attempts} failed (${result.error}); retrying in ${wait} ms`);
    await sleep(wait);
  }
}
