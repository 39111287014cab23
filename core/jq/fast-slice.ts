import { FAST_DECLINE } from './fast-values.js';

function bound(value: unknown, length: number, round: (n: number) => number, fallback: number) {
  if (value === null) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw FAST_DECLINE;
  let n = round(value);
  if (n < 0) n += length;
  return Math.min(Math.max(n, 0), length);
}

/**
 * `.[from:to]` on an array, a string (code points) or null, as jq 1.8.2 does it: the start
 * rounds down, the end rounds up, negative bounds count from the end, both are clamped.
 * Strings with characters outside the BMP and other targets are left to jq.
 */
export function sliceValue(target: unknown, from: unknown, to: unknown): unknown {
  if (target === null) {
    if ((from !== null && typeof from !== 'number') || (to !== null && typeof to !== 'number'))
      throw FAST_DECLINE;
    return null;
  }
  const isString = typeof target === 'string';
  if (!isString && !Array.isArray(target)) throw FAST_DECLINE;
  if (isString && /[\ud800-\udfff]/.test(target)) throw FAST_DECLINE;
  const length = (target as string | unknown[]).length;
  const start = bound(from, length, Math.floor, 0);
  const end = Math.max(start, bound(to, length, Math.ceil, length));
  return (target as string | unknown[]).slice(start, end);
}
