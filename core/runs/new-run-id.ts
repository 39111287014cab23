import { randomInt } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function random62(length: number): string {
  let text = '';
  for (let i = 0; i < length; i++) text += BASE62[randomInt(62)];
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
