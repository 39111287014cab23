import { randomInt } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Creates a random id: `prefix` + 16 base62 characters (Port's run ids look like `r_k86OUzq80jRlxFV0`). */
export function newId(prefix: string): string {
  let id = prefix;
  for (let i = 0; i < 16; i++) id += BASE62[randomInt(62)];
  return id;
}

/** A new run id: `r_` + 16 random base62 characters. */
export function newRunId(): string {
  return newId('r_');
}
