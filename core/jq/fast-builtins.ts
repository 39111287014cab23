import {
  extremeByKeys,
  flattenValue,
  fromEntries,
  groupByKeys,
  keysUnsorted,
  reverseValue,
  sortValue,
  toEntries,
} from './fast-collections.js';
import { fromDateIso8601, toDateIso8601 } from './fast-dates.js';
import { binaryOp, indexValue, iterateValue } from './fast-operators.js';
import {
  codePointLength,
  describe,
  FAST_DECLINE,
  FastJqError,
  sortedKeys,
  toJqJson,
  typeOf,
} from './fast-values.js';

/** The subset's builtins without arguments, each mapping one input to one output. */
export const NULLARY_BUILTINS: Readonly<Record<string, (input: unknown) => unknown>> = {
  length(input) {
    switch (typeOf(input)) {
      case 'null':
        return 0;
      case 'boolean':
        throw new FastJqError(`${describe(input)} has no length`);
      case 'number':
        return Math.abs(input as number);
      case 'string':
        return codePointLength(input as string);
      case 'array':
        return (input as unknown[]).length;
      default:
        return Object.keys(input as object).length;
    }
  },
  not: (input) => input === null || input === false,
  tostring: (input) => (typeof input === 'string' ? input : toJqJson(input)),
  tojson: (input) => toJqJson(input),
  ascii_downcase: (input) => asciiCase(input, /[A-Z]/g, (c) => c.toLowerCase()),
  ascii_upcase: (input) => asciiCase(input, /[a-z]/g, (c) => c.toUpperCase()),
  type: (input) => typeOf(input),
  keys(input) {
    if (Array.isArray(input)) return input.map((_, i) => i);
    if (typeOf(input) === 'object') return sortedKeys(input as object);
    throw new FastJqError(`${describe(input)} has no keys`);
  },
  add(input) {
    let sum: unknown = null;
    for (const x of iterateValue(input)) sum = binaryOp('+', sum, x);
    return sum;
  },
  error(input) {
    // The engine's message for a non-string error value (see `errorValueMessage`).
    if (typeof input !== 'string')
      throw new FastJqError(`${JSON.stringify(input)} (not a string)`, input);
    throw new FastJqError(input);
  },
  keys_unsorted: keysUnsorted,
  to_entries: toEntries,
  from_entries: fromEntries,
  trim: (input) => trim(input, true, true),
  ltrim: (input) => trim(input, true, false),
  rtrim: (input) => trim(input, false, true),
  tonumber(input) {
    if (typeof input === 'number') return input;
    if (typeof input === 'string') {
      if (/^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/.test(input)) {
        // jq keeps the literal's text (`"1.50" | tonumber` prints 1.50): only canonical text here.
        const n = Number(input);
        if (String(n) === input && Number.isFinite(n) && !Object.is(n, -0)) return n;
        throw FAST_DECLINE;
      }
      if (/[0-9]|nan|inf/i.test(input)) throw FAST_DECLINE;
    }
    throw new FastJqError(`${describe(input)} cannot be parsed as a number`);
  },
  abs(input) {
    if (typeof input === 'number') return Math.abs(input);
    if (input === null || typeof input === 'boolean') {
      throw new FastJqError(`${describe(input)} cannot be negated`);
    }
    return input;
  },
  reverse: reverseValue,
  sort: sortValue,
  unique: (input) => groupByKeys(input, input as unknown[]).map((g) => g[0]),
  min: (input) => extremeByKeys(input, input as unknown[], true),
  max: (input) => extremeByKeys(input, input as unknown[], false),
  first: (input) => indexValue(input, 0),
  last: (input) => indexValue(input, -1),
  flatten: flattenValue,
  env: () => ({}),
  now: () => Date.now() / 1000,
  fromdateiso8601: fromDateIso8601,
  fromdate: fromDateIso8601,
  todateiso8601: toDateIso8601,
  todate: toDateIso8601,
};

/** jq 1.8's `trim`: ASCII whitespace here; other Unicode spaces at an end are left to jq. */
function trim(input: unknown, left: boolean, right: boolean): string {
  if (typeof input !== 'string') throw new FastJqError('trim input must be a string');
  let s = input;
  if (left) s = s.replace(/^[ \t\n\v\f\r]+/, '');
  if (right) s = s.replace(/[ \t\n\v\f\r]+$/, '');
  if (/^[^ -~]|[^ -~]$/.test(s)) throw FAST_DECLINE;
  return s;
}

function asciiCase(input: unknown, pattern: RegExp, change: (c: string) => string): string {
  if (typeof input !== 'string') throw new FastJqError('explode input must be a string');
  return input.replace(pattern, change);
}

/** `startswith` / `endswith`. */
export function affix(name: 'startswith' | 'endswith', input: unknown, affix: unknown): boolean {
  if (typeof input !== 'string' || typeof affix !== 'string') {
    throw new FastJqError(`${name}() requires string inputs`);
  }
  return name === 'startswith' ? input.startsWith(affix) : input.endsWith(affix);
}
