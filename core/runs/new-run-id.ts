import { randomFillSync } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Random bytes drawn 4 KiB at a time: one call into the CSPRNG for hundreds of ids. */
const pool = new Uint8Array(4096);
let next = pool.length;

/** The bytes below this (4 × 62 = 248) map to `byte % 62` without bias; the rest are skipped. */
const UNBIASED_BELOW = BASE62.length * Math.floor(256 / BASE62.length);

/** `length` uniformly random base62 characters. */
function random62(length: number): string {
  let text = '';
  while (text.length < length) {
    if (next === pool.length) {
      randomFillSync(pool);
      next = 0;
    }
    const byte = pool[next++]!;
    if (byte < UNBIASED_BELOW) text += BASE62[byte % 62];
  }
  return text;
}

/** Creates a random id: `prefix` + 16 base62 characters (Port's run ids look like `r_k86OUzq80jRlxFV0`). */
export function newId(prefix: string): string {
  return prefix + random62(16);
}

/** `ms` in 7 base62 digits, most significant first (they sort as the times do until 2081). */
function time62(ms: number): string {
  let text = '';
  for (let rest = Math.floor(ms), i = 0; i < 7; i++, rest = Math.floor(rest / 62))
    text = BASE62[rest % 62] + text;
  return text;
}

/**
 * A new run id: `r_` + 16 base62 characters, like Port's, of which the first 7 are the creation
 * time in ms and the other 9 random (62^9 ≈ 10^16 per millisecond). Ids made later sort later,
 * so the indexes keyed by run id (runs, outbox, run logs, delivery attempts) grow at their end
 * instead of at a random page each: a group commit writes a few pages, not one per run.
 */
export function newRunId(now = Date.now()): string {
  return `r_${time62(now)}${random62(9)}`;
}
