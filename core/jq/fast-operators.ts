import type { BinaryOp } from './fast-ast.js';
import {
  compareValues,
  describe,
  FAST_DECLINE,
  FastJqError,
  hasOwn,
  isIndexLikeKey,
  typeOf,
} from './fast-values.js';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A number result jq would print the same way; infinities and NaN are left to jq. */
function finite(n: number): number {
  if (!Number.isFinite(n)) throw FAST_DECLINE;
  return n;
}

/** An object built by the fast path, declining keys whose order JavaScript would change. */
export function newObjectKey(object: Json, key: string, value: unknown): void {
  if (isIndexLikeKey(key) || key === '__proto__') throw FAST_DECLINE;
  object[key] = value;
}

function merge(a: Json, b: Json, deep: boolean): Json {
  const out: Json = {};
  for (const k of Object.keys(a)) newObjectKey(out, k, a[k]);
  for (const k of Object.keys(b)) {
    const x = out[k];
    const y = b[k];
    newObjectKey(
      out,
      k,
      deep && hasOwn(out, k) && isObject(x) && isObject(y) ? merge(x, y, true) : y,
    );
  }
  return out;
}

const fail = (a: unknown, b: unknown, verb: string): never => {
  throw new FastJqError(`${describe(a)} and ${describe(b)} cannot be ${verb}`);
};

function repeatString(s: string, n: number): unknown {
  if (Number.isNaN(n) || n < 0) return null;
  const times = Math.trunc(n);
  if (times * s.length > 100_000) throw FAST_DECLINE;
  return s.repeat(times);
}

/** jq's binary operators with its type rules and error messages. */
export function binaryOp(op: BinaryOp, a: unknown, b: unknown): unknown {
  switch (op) {
    case '==':
      return compareValues(a, b) === 0;
    case '!=':
      return compareValues(a, b) !== 0;
    case '<':
      return compareValues(a, b) < 0;
    case '<=':
      return compareValues(a, b) <= 0;
    case '>':
      return compareValues(a, b) > 0;
    case '>=':
      return compareValues(a, b) >= 0;
  }
  const ta = typeOf(a);
  const tb = typeOf(b);
  const numbers = ta === 'number' && tb === 'number';
  switch (op) {
    case '+':
      if (a === null) return b;
      if (b === null) return a;
      if (numbers) return finite((a as number) + (b as number));
      if (ta === 'string' && tb === 'string') return (a as string) + (b as string);
      if (ta === 'array' && tb === 'array') return [...(a as unknown[]), ...(b as unknown[])];
      if (ta === 'object' && tb === 'object') return merge(a as Json, b as Json, false);
      return fail(a, b, 'added');
    case '-':
      if (numbers) return finite((a as number) - (b as number));
      if (ta === 'array' && tb === 'array') {
        return (a as unknown[]).filter(
          (x) => !(b as unknown[]).some((y) => compareValues(x, y) === 0),
        );
      }
      return fail(a, b, 'subtracted');
    case '*':
      if (numbers) return finite((a as number) * (b as number));
      if (ta === 'string' && tb === 'number') return repeatString(a as string, b as number);
      if (ta === 'number' && tb === 'string') return repeatString(b as string, a as number);
      if (ta === 'object' && tb === 'object') return merge(a as Json, b as Json, true);
      return fail(a, b, 'multiplied');
    case '/':
      if (numbers) {
        if (b === 0) fail(a, b, 'divided because the divisor is zero');
        return finite((a as number) / (b as number));
      }
      if (ta === 'string' && tb === 'string') return split(a as string, b as string);
      return fail(a, b, 'divided');
    case '%': {
      if (!numbers) return fail(a, b, 'divided (remainder)');
      const x = Math.trunc(a as number);
      const y = Math.trunc(b as number);
      if (!Number.isSafeInteger(x) || !Number.isSafeInteger(y)) throw FAST_DECLINE;
      if (y === 0) fail(a, b, 'divided (remainder) because the divisor is zero');
      return y === -1 ? 0 : x % y || 0;
    }
  }
}

export function split(s: string, separator: string): string[] {
  if (s === '') return [];
  if (separator === '') {
    if (/[\ud800-\udfff]/.test(s)) throw FAST_DECLINE;
    return s.split('');
  }
  return s.split(separator);
}

/** `.[key]` on a value. */
export function indexValue(target: unknown, key: unknown): unknown {
  const tk = typeOf(key);
  if (tk === 'array' || tk === 'object') throw FAST_DECLINE; // indices / slices
  if (target === null && (tk === 'string' || tk === 'number')) return null;
  if (isObject(target) && tk === 'string') {
    return hasOwn(target, key as string) ? target[key as string] : null;
  }
  if (Array.isArray(target) && tk === 'number') {
    let i = Math.trunc(key as number);
    if (i < 0) i += target.length;
    return i >= 0 && i < target.length ? target[i] : null;
  }
  throw new FastJqError(`Cannot index ${typeOf(target)} with ${describe(key)}`);
}

/** `.[]` on a value. */
export function iterateValue(target: unknown): readonly unknown[] {
  if (Array.isArray(target)) return target;
  if (isObject(target)) return Object.values(target);
  throw new FastJqError(`Cannot iterate over ${describe(target)}`);
}

export function negate(value: unknown): number {
  if (typeof value !== 'number') throw new FastJqError(`${describe(value)} cannot be negated`);
  return -value;
}

export function hasKey(target: unknown, key: unknown): boolean {
  const tk = typeOf(key);
  if (isObject(target) && tk === 'string') return hasOwn(target, key as string);
  if (Array.isArray(target) && tk === 'number') {
    const i = Math.trunc(key as number);
    return i >= 0 && i < target.length;
  }
  if (target === null) throw FAST_DECLINE;
  throw new FastJqError(`Cannot check whether ${typeOf(target)} has a ${tk} key`);
}
