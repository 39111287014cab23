/**
 * jq's value model on plain JSON data in JavaScript: types, truthiness, total ordering,
 * and text forms exactly as jq 1.8.2 prints them, declining where JavaScript and jq
 * could print differently.
 */

/** Thrown (as a value) when the fast path cannot be sure it agrees with jq. */
export const FAST_DECLINE = Symbol('fast path declines');

/** A jq runtime error raised by the fast path, with jq's message. */
export class FastJqError {
  /** `value`: what `try … catch` sees; the message itself unless `error` raised a non-string. */
  constructor(
    readonly message: string,
    readonly value: unknown = message,
  ) {}
}

export type JqType = 'null' | 'boolean' | 'number' | 'string' | 'array' | 'object';

export function typeOf(value: unknown): JqType {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return 'boolean';
    case 'number':
      return 'number';
    case 'string':
      return 'string';
  }
  return Array.isArray(value) ? 'array' : 'object';
}

export const isTruthy = (value: unknown): boolean => value !== null && value !== false;

export const hasOwn = (object: object, key: string): boolean =>
  Object.prototype.hasOwnProperty.call(object, key);

function rank(value: unknown): number {
  if (value === null) return 0;
  if (value === false) return 1;
  if (value === true) return 2;
  switch (typeof value) {
    case 'number':
      return 3;
    case 'string':
      return 4;
  }
  return Array.isArray(value) ? 5 : 6;
}

/** UTF-16 code unit remapped so that unit order equals code point (UTF-8 byte) order. */
const unitOrder = (u: number): number => (u >= 0xe000 ? u - 0x800 : u >= 0xd800 ? u + 0x2000 : u);

export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return unitOrder(x) - unitOrder(y);
  }
  return a.length - b.length;
}

/** jq's total order: null < false < true < numbers < strings < arrays < objects. */
export function compareValues(a: unknown, b: unknown): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  switch (ra) {
    case 3:
      return (a as number) < (b as number) ? -1 : (a as number) === (b as number) ? 0 : 1;
    case 4:
      return Math.sign(compareStrings(a as string, b as string));
    case 5: {
      const x = a as unknown[];
      const y = b as unknown[];
      for (let i = 0; i < x.length && i < y.length; i++) {
        const r = compareValues(x[i], y[i]);
        if (r !== 0) return r;
      }
      return Math.sign(x.length - y.length);
    }
    case 6: {
      const x = a as Record<string, unknown>;
      const y = b as Record<string, unknown>;
      const kx = sortedKeys(x);
      const r = compareValues(kx, sortedKeys(y));
      if (r !== 0) return r;
      for (const k of kx) {
        const rv = compareValues(x[k], y[k]);
        if (rv !== 0) return rv;
      }
      return 0;
    }
  }
  return 0;
}

export const sortedKeys = (object: object): string[] => Object.keys(object).sort(compareStrings);

/** Number text as jq prints it, for the range where that provably equals JavaScript's. */
export function numberText(n: number): string {
  const text = String(n);
  const magnitude = Math.abs(n);
  // jq keeps input literals' text and prints computed doubles with "%.17g"-style
  // exponents (1e-05, 1e+17); the two agree with JavaScript only in this window.
  if (Object.is(n, -0) || text.includes('e') || magnitude >= 1e16) throw FAST_DECLINE;
  if (magnitude !== 0 && magnitude < 1e-4) throw FAST_DECLINE;
  return text;
}

/** Object keys JavaScript would reorder (array indices) make key order diverge from jq's. */
export const isIndexLikeKey = (key: string): boolean => /^(?:0|[1-9][0-9]*)$/.test(key);

/** `tojson`: compact JSON exactly as jq prints it. */
export function toJqJson(value: unknown): string {
  switch (typeof value) {
    case 'number':
      return numberText(value);
    case 'string':
      // jq escapes DEL too; otherwise its escaping equals JSON.stringify's.
      return JSON.stringify(value).replace(/\x7f/g, '\\u007f');
    case 'boolean':
      return value ? 'true' : 'false';
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map(toJqJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.some(([k]) => isIndexLikeKey(k))) throw FAST_DECLINE;
  return `{${entries.map(([k, v]) => `${toJqJson(k)}:${toJqJson(v)}`).join(',')}}`;
}

/**
 * `type (value)` as jq's error messages show it: JSON longer than 29 bytes is cut to 25
 * bytes, then "..." and the closing quote or bracket.
 */
export function describe(value: unknown): string {
  return `${typeOf(value)} (${truncatedDump(value)})`;
}

export function truncatedDump(value: unknown): string {
  const text = toJqJson(value);
  if (text.length <= 9) return text;
  const bytes = Buffer.from(text);
  if (bytes.length <= 29) return text;
  // A cut inside a multi-byte character: jq's exact output is not worth guessing.
  if (((bytes[25] ?? 0) & 0xc0) === 0x80) throw FAST_DECLINE;
  const closer = typeof value === 'string' ? '"' : Array.isArray(value) ? ']' : '}';
  return `${bytes.subarray(0, 25).toString()}...${closer}`;
}

/** Length in code points, as jq counts string length. */
export function codePointLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const u = s.charCodeAt(i);
    if (u >= 0xdc00 && u <= 0xdfff) n--;
  }
  return n;
}
