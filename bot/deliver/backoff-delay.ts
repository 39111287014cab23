/**
 * Delay before retry `attempt` (1-based): exponential from `baseMs`, capped, with full
 * jitter so retries from many runs do not arrive together; a server's Retry-After wins
 * when it asks for longer.
 */
export function backoffDelay(
  attempt: number,
  options: { baseMs?: number; maxMs?: number; retryAfterMs?: number; random?: () => number } = {},
): number {
  const base = options.baseMs ?? 1000;
  const max = options.maxMs ?? 5 * 60_000;
  const ceiling = Math.min(max, base * 2 ** (attempt - 1));
  const jittered = ceiling / 2 + (options.random ?? Math.random)() * (ceiling / 2);
  return Math.max(Math.round(jittered), Math.min(options.retryAfterMs ?? 0, max));
}
