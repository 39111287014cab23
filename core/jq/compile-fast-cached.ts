import { compileFast, type FastProgram } from './compile-fast.js';

const MAX_ENTRIES = 10_000;
const cache = new Map<string, FastProgram | null>();

/** `compileFast`, compiled once per expression text (bounded; oldest entries go first). */
export function compileFastCached(text: string): FastProgram | null {
  const hit = cache.get(text);
  if (hit !== undefined) return hit;
  let program: FastProgram | null;
  try {
    program = compileFast(text);
  } catch {
    program = null;
  }
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
  cache.set(text, program);
  return program;
}
