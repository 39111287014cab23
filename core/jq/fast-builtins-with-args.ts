import { affix } from './fast-builtins.js';
import {
  extremeByKeys,
  fromEntries,
  groupByKeys,
  join,
  sortByKeys,
  toEntries,
} from './fast-collections.js';
import { strftime } from './fast-dates.js';
import type { Env, Filter } from './fast-filter.js';
import { iterateValue, newObjectKey, split } from './fast-operators.js';
import { captureRegex, matchRegex, substitute, testRegex } from './fast-regex.js';
import { FAST_DECLINE, FastJqError, isTruthy, typeOf } from './fast-values.js';

type Builder = (args: readonly Filter[]) => Filter;

/** The one output of `filter`, or a decline where jq's handling of zero or several differs. */
export function only(filter: Filter, input: unknown, env: Env | null): unknown {
  let found = false;
  let value: unknown;
  for (const v of filter(input, env)) {
    if (found) throw FAST_DECLINE;
    found = true;
    value = v;
  }
  if (!found) throw FAST_DECLINE;
  return value;
}

/** Every output of `f` for every element: `map([f])`, the keys of the `*_by` builtins. */
const keysOf = (input: unknown, f: Filter, env: Env | null): unknown[] =>
  iterateValue(input).map((x) => [...f(x, env)]);

/** A builtin of `$value` parameters: the first parameter is the outermost loop. */
function values(arity: number, body: (input: unknown, ...args: unknown[]) => unknown): Builder {
  return (args) =>
    function* (input, env) {
      if (arity === 1) {
        for (const a of (args[0] as Filter)(input, env)) yield body(input, a);
        return;
      }
      for (const a of (args[0] as Filter)(input, env))
        for (const b of (args[1] as Filter)(input, env)) yield body(input, a, b);
    };
}

function* anyAll(source: Iterable<unknown>, condition: Filter, env: Env | null, any: boolean) {
  for (const x of source) {
    for (const c of condition(x, env)) {
      if (isTruthy(c) === any) {
        yield any;
        return;
      }
    }
  }
  yield !any;
}

const identity: Filter = (input) => [input];

function mapValues(input: unknown, f: Filter, env: Env | null): unknown {
  if (Array.isArray(input)) {
    const out: unknown[] = [];
    for (const x of input)
      for (const v of f(x, env)) {
        out.push(v);
        break;
      }
    return out;
  }
  if (typeOf(input) !== 'object') throw FAST_DECLINE;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(input as Record<string, unknown>)) {
    for (const v of f(x, env)) {
      newObjectKey(out, k, v);
      break;
    }
  }
  return out;
}

function regexCall(
  run: (input: unknown, re: unknown, flags: unknown) => unknown,
  many: boolean,
): Builder {
  return (args) =>
    function* (input, env) {
      const [re, flags] = args as [Filter, Filter | undefined];
      // `f($re; $flags)` as jq defines it: the regex is the outer loop.
      for (const r of re(input, env)) {
        if (typeof r !== 'string' && args.length === 1) throw FAST_DECLINE;
        for (const fl of flags ? flags(input, env) : [null]) {
          const out = run(input, r, fl);
          if (many) yield* out as unknown[];
          else yield out;
        }
      }
    };
}

function substitution(global: boolean): Builder {
  return (args) =>
    function* (input, env) {
      const [re, replacement, flags] = args as [Filter, Filter, Filter | undefined];
      for (const r of re(input, env)) {
        for (const fl of flags ? flags(input, env) : [global ? 'g' : '']) {
          if (typeof fl !== 'string') throw FAST_DECLINE;
          yield substitute(input, r, global && flags ? `${fl}g` : fl, (captures) =>
            only(replacement, captures, env),
          );
        }
      }
    };
}

/** Builtins with arguments, by name/arity (see `fast-parser.ts` for the list). */
export const BUILTINS_WITH_ARGS: Readonly<Record<string, Builder>> = {
  'with_entries/1':
    ([f]) =>
    (input, env) => [
      fromEntries(toEntries(input).flatMap((entry) => [...(f as Filter)(entry, env)])),
    ],
  'map_values/1':
    ([f]) =>
    (input, env) => [mapValues(input, f as Filter, env)],
  'join/1': values(1, (input, separator) => join(input, separator)),
  'split/1': values(1, (input, separator) => {
    if (typeof input !== 'string' || typeof separator !== 'string') {
      throw new FastJqError('split input and separator must be strings');
    }
    return split(input, separator);
  }),
  'ltrimstr/1': values(1, (input, prefix) =>
    affix('startswith', input, prefix) ? (input as string).slice((prefix as string).length) : input,
  ),
  'rtrimstr/1': values(1, (input, suffix) =>
    affix('endswith', input, suffix) && (suffix as string).length > 0
      ? (input as string).slice(0, -(suffix as string).length)
      : input,
  ),
  'sort_by/1':
    ([f]) =>
    (input, env) => [sortByKeys(input, keysOf(input, f as Filter, env))],
  'group_by/1':
    ([f]) =>
    (input, env) => [groupByKeys(input, keysOf(input, f as Filter, env))],
  'unique_by/1':
    ([f]) =>
    (input, env) => [groupByKeys(input, keysOf(input, f as Filter, env)).map((g) => g[0])],
  'min_by/1':
    ([f]) =>
    (input, env) => [extremeByKeys(input, keysOf(input, f as Filter, env), true)],
  'max_by/1':
    ([f]) =>
    (input, env) => [extremeByKeys(input, keysOf(input, f as Filter, env), false)],
  'first/1': ([f]) =>
    function* (input, env) {
      for (const v of (f as Filter)(input, env)) {
        yield v;
        return;
      }
    },
  'last/1': ([f]) =>
    function* (input, env) {
      let found = false;
      let last: unknown;
      for (const v of (f as Filter)(input, env)) {
        found = true;
        last = v;
      }
      if (found) yield last;
    },
  'limit/2': ([n, f]) =>
    function* (input, env) {
      for (const count of (n as Filter)(input, env)) {
        if (typeof count !== 'number' || !Number.isInteger(count)) throw FAST_DECLINE;
        if (count < 0) throw new FastJqError("limit doesn't support negative count");
        if (count === 0) continue;
        let taken = 0;
        for (const v of (f as Filter)(input, env)) {
          yield v;
          if (++taken >= count) break;
        }
      }
    },
  'any/1':
    ([c]) =>
    (input, env) =>
      anyAll(iterateValue(input), c as Filter, env, true),
  'all/1':
    ([c]) =>
    (input, env) =>
      anyAll(iterateValue(input), c as Filter, env, false),
  'any/2':
    ([g, c]) =>
    (input, env) =>
      anyAll((g as Filter)(input, env), c as Filter, env, true),
  'all/2':
    ([g, c]) =>
    (input, env) =>
      anyAll((g as Filter)(input, env), c as Filter, env, false),
  'isempty/1': ([g]) =>
    function* (input, env) {
      const outputs = (g as Filter)(input, env)[Symbol.iterator]();
      yield outputs.next().done === true;
    },
  'range/1': ([n]) =>
    function* (input, env) {
      for (const upto of (n as Filter)(input, env)) {
        if (typeof upto !== 'number' || !Number.isFinite(upto)) throw FAST_DECLINE;
        for (let i = 0; i < upto; i++) yield i;
      }
    },
  'range/2': ([a, b]) =>
    function* (input, env) {
      const from = only(a as Filter, input, env);
      const upto = only(b as Filter, input, env);
      if (typeof from !== 'number' || typeof upto !== 'number') throw FAST_DECLINE;
      if (!Number.isFinite(from) || !Number.isFinite(upto)) throw FAST_DECLINE;
      for (let i = from; i < upto; i++) yield i;
    },
  'strftime/1': values(1, (input, format) => strftime(input, format)),
  'test/1': regexCall(testRegex, false),
  'test/2': regexCall(testRegex, false),
  'match/1': regexCall(matchRegex, true),
  'match/2': regexCall(matchRegex, true),
  'capture/1': regexCall(captureRegex, true),
  'capture/2': regexCall(captureRegex, true),
  'sub/2': substitution(false),
  'sub/3': substitution(false),
  'gsub/2': substitution(true),
  'gsub/3': substitution(true),
};

const selectType =
  (test: (input: unknown) => boolean): Filter =>
  (input) =>
    test(input) ? [input] : [];

/** Nullary builtins with zero or several outputs. */
export const NULLARY_GENERATORS: Readonly<Record<string, Filter>> = {
  values: selectType((x) => x !== null),
  nulls: selectType((x) => x === null),
  booleans: selectType((x) => typeof x === 'boolean'),
  numbers: selectType((x) => typeof x === 'number'),
  strings: selectType((x) => typeof x === 'string'),
  arrays: selectType(Array.isArray),
  objects: selectType((x) => typeOf(x) === 'object'),
  iterables: selectType((x) => typeof x === 'object' && x !== null),
  scalars: selectType((x) => typeof x !== 'object' || x === null),
  any: (input) => anyAll(iterateValue(input), identity, null, true),
  all: (input) => anyAll(iterateValue(input), identity, null, false),
};
