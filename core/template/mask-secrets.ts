import { secretForms } from './secret-forms.js';

export const SECRET_MASK = '***';

/**
 * A copy of `value` in which every occurrence of a secret inside any string, object keys
 * included, is replaced by `***`. Besides the raw value, its JSON-escaped, URL-encoded and
 * base64 forms are masked too (a secret inside a serialized body, a query string or a Basic
 * authorization header; see `secretForms`). Overlapping or
 * adjacent occurrences collapse into one `***`, so no fragment of a secret survives. Empty
 * secrets are ignored. Keys that collide after masking keep the last value.
 */
export function maskSecrets<T>(value: T, secretValues: readonly string[]): T {
  const patterns = needlesOf(secretValues);
  if (patterns.length === 0) return value;
  const mask = (node: unknown): unknown => {
    if (typeof node === 'string') return maskString(node, patterns);
    if (Array.isArray(node)) return node.map(mask);
    if (typeof node === 'object' && node !== null) {
      return Object.fromEntries(
        Object.entries(node).map(([key, child]) => [maskString(key, patterns), mask(child)]),
      );
    }
    return node;
  };
  return mask(value) as T;
}

const needleCache = new Map<string, readonly string[]>();
const NEEDLE_CACHE_SIZE = 64;

/**
 * The forms of a set of secrets, computed once per set: a process masks with the same few sets
 * (its configuration's) on every render, store write and log line. Bounded in case sets vary.
 */
function needlesOf(secretValues: readonly string[]): readonly string[] {
  if (secretValues.length === 0) return [];
  // JSON, not a join: ['a', 'b'] and ['a\u0000b'] are different sets.
  const key = JSON.stringify(secretValues);
  let needles = needleCache.get(key);
  if (needles === undefined) {
    const forms = new Set<string>();
    for (const secret of secretValues) for (const form of secretForms(secret)) forms.add(form);
    needles = [...forms];
    if (needleCache.size >= NEEDLE_CACHE_SIZE) needleCache.clear();
    needleCache.set(key, needles);
  }
  return needles;
}

function maskString(text: string, needles: readonly string[]): string {
  const covered: [number, number][] = [];
  for (const needle of needles) {
    for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) {
      covered.push([at, at + needle.length]);
    }
  }
  if (covered.length === 0) return text;
  covered.sort((a, b) => a[0] - b[0]);
  let out = '';
  let copiedUpTo = 0;
  let runStart = covered[0]![0];
  let runEnd = covered[0]![1];
  for (const [start, end] of covered) {
    if (start > runEnd) {
      out += text.slice(copiedUpTo, runStart) + SECRET_MASK;
      copiedUpTo = runEnd;
      runStart = start;
    }
    runEnd = Math.max(runEnd, end);
  }
  return out + text.slice(copiedUpTo, runStart) + SECRET_MASK + text.slice(runEnd);
}
