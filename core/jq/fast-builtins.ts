import { binaryOp, iterateValue } from './fast-operators.js';
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
    if (typeof input !== 'string') throw FAST_DECLINE;
    throw new FastJqError(input);
  },
};

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
