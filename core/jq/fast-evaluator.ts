import { affix, NULLARY_BUILTINS } from './fast-builtins.js';
import {
  binaryOp,
  hasKey,
  indexValue,
  iterateValue,
  negate,
  newObjectKey,
} from './fast-operators.js';
import { dependsOnInput, type FastNode } from './fast-ast.js';
import { describe, FAST_DECLINE, FastJqError, isTruthy, toJqJson } from './fast-values.js';

/** A compiled filter: the lazy stream of outputs for one input, in jq's order. */
export type Filter = (input: unknown) => Iterable<unknown>;

const single =
  (f: (input: unknown) => unknown): Filter =>
  (input) => [f(input)];

/** Runs one index or iteration step whose own error means "no output here" (`?`). */
function suppressed<T>(step: () => T, fallback: T): T {
  try {
    return step();
  } catch (error) {
    if (error instanceof FastJqError) return fallback;
    throw error;
  }
}

/** Compiles a syntax tree into closures; jq's generator order is kept throughout. */
export function compileNode(node: FastNode): Filter {
  switch (node.k) {
    case 'identity':
      return (input) => [input];
    case 'literal': {
      const value = node.value;
      return () => [value];
    }
    case 'string':
      return compileString(node.parts.map((p) => (typeof p === 'string' ? p : compileNode(p))));
    case 'index': {
      const target = compileNode(node.target);
      const index = node.opt
        ? (t: unknown, k: unknown) => suppressed(() => [indexValue(t, k)], [])
        : (t: unknown, k: unknown) => [indexValue(t, k)];
      if (node.key.k === 'literal') {
        const key = node.key.value;
        return function* (input) {
          for (const t of target(input)) yield* index(t, key);
        };
      }
      const key = compileNode(node.key);
      // jq evaluates the key first (outer loop), against the same input as the target.
      return function* (input) {
        for (const k of key(input)) for (const t of target(input)) yield* index(t, k);
      };
    }
    case 'iterate': {
      const target = compileNode(node.target);
      const iterate = node.opt
        ? (t: unknown) => suppressed(() => iterateValue(t), [])
        : iterateValue;
      return function* (input) {
        for (const t of target(input)) yield* iterate(t);
      };
    }
    case 'try': {
      const body = compileNode(node.body);
      return function* (input) {
        try {
          yield* body(input);
        } catch (error) {
          if (!(error instanceof FastJqError)) throw error;
        }
      };
    }
    case 'neg': {
      const body = compileNode(node.body);
      return function* (input) {
        for (const v of body(input)) yield negate(v);
      };
    }
    case 'pipe': {
      const left = compileNode(node.left);
      const right = compileNode(node.right);
      return function* (input) {
        for (const v of left(input)) yield* right(v);
      };
    }
    case 'comma': {
      const left = compileNode(node.left);
      const right = compileNode(node.right);
      return function* (input) {
        yield* left(input);
        yield* right(input);
      };
    }
    case 'alt': {
      const left = compileNode(node.left);
      const right = compileNode(node.right);
      // jq 1.8.2: errors on the left propagate; right runs only if left had no truthy output.
      return function* (input) {
        let found = false;
        for (const v of left(input)) {
          if (isTruthy(v)) {
            found = true;
            yield v;
          }
        }
        if (!found) yield* right(input);
      };
    }
    case 'and':
    case 'or': {
      const left = compileNode(node.left);
      const right = compileNode(node.right);
      const shortCircuit = node.k === 'or';
      return function* (input) {
        for (const a of left(input)) {
          if (isTruthy(a) === shortCircuit) yield shortCircuit;
          else for (const b of right(input)) yield isTruthy(b);
        }
      };
    }
    case 'binop': {
      const left = compileNode(node.left);
      const right = compileNode(node.right);
      const { op } = node;
      // The right operand is the outer loop: [(1,2) + (10,20)] is [11,12,21,22].
      return function* (input) {
        for (const b of right(input)) for (const a of left(input)) yield binaryOp(op, a, b);
      };
    }
    case 'if': {
      const cond = compileNode(node.cond);
      const then = compileNode(node.then);
      const otherwise = compileNode(node.else);
      return function* (input) {
        for (const c of cond(input)) yield* (isTruthy(c) ? then : otherwise)(input);
      };
    }
    case 'array': {
      if (!node.body) return () => [[]];
      const body = compileNode(node.body);
      return single((input) => [...body(input)]);
    }
    case 'object':
      return compileObject(
        node.entries.map(({ key, value }) => ({
          key: compileKey(key),
          value: compileNode(value),
        })),
      );
    case 'call':
      return compileCall(
        node.name,
        node.args.map((a) => compileNode(a)),
      );
  }
}

function compileString(parts: readonly (string | Filter)[]): Filter {
  // The last interpolation is the outermost loop: "\(1,2)-\(3,4)" gives 1-3, 2-3, 1-4, 2-4.
  const build = function* (input: unknown, end: number, suffix: string): Generator<string> {
    if (end < 0) {
      yield suffix;
      return;
    }
    const part = parts[end] as string | Filter;
    if (typeof part === 'string') {
      yield* build(input, end - 1, part + suffix);
      return;
    }
    for (const v of part(input)) {
      yield* build(input, end - 1, (typeof v === 'string' ? v : toJqJson(v)) + suffix);
    }
  };
  return (input) => build(input, parts.length - 1, '');
}

/**
 * jq folds constant keys at compile time, so `{(1 - 1): 1}` is a compile error while
 * `{(. - 1): 1}` fails at run time. An input-independent key is therefore evaluated now
 * and kept only if it is plain strings; anything else is left to jq.
 */
function compileKey(node: FastNode): Filter {
  const key = compileNode(node);
  if (dependsOnInput(node)) return key;
  let values: unknown[];
  try {
    values = [...key(null)];
  } catch {
    throw FAST_DECLINE;
  }
  if (!values.every((v) => typeof v === 'string')) throw FAST_DECLINE;
  return () => values;
}

function compileObject(entries: readonly { key: Filter; value: Filter }[]): Filter {
  // The first entry is the outermost loop; within an entry, the key is outer.
  const build = function* (
    input: unknown,
    i: number,
    acc: Record<string, unknown>,
  ): Generator<unknown> {
    if (i === entries.length) {
      yield acc;
      return;
    }
    const { key, value } = entries[i] as { key: Filter; value: Filter };
    for (const k of key(input)) {
      if (typeof k !== 'string') {
        throw new FastJqError(`Cannot use ${describe(k)} as object key`);
      }
      for (const v of value(input)) {
        const next = { ...acc };
        if (Object.prototype.hasOwnProperty.call(next, k)) next[k] = v;
        else newObjectKey(next, k, v);
        yield* build(input, i + 1, next);
      }
    }
  };
  return (input) => build(input, 0, {});
}

function compileCall(name: string, args: readonly Filter[]): Filter {
  const [arg] = args;
  if (!arg) {
    if (name === 'empty') return () => [];
    return single(NULLARY_BUILTINS[name] as (input: unknown) => unknown);
  }
  switch (name) {
    case 'has':
      return function* (input) {
        for (const k of arg(input)) yield hasKey(input, k);
      };
    case 'startswith':
    case 'endswith':
      return function* (input) {
        for (const a of arg(input)) yield affix(name, input, a);
      };
    case 'select':
      return function* (input) {
        for (const c of arg(input)) if (isTruthy(c)) yield input;
      };
    case 'map':
      return single((input) => iterateValue(input).flatMap((x) => [...arg(x)]));
    case 'error':
      return function* (input) {
        for (const m of arg(input)) yield (NULLARY_BUILTINS.error as (v: unknown) => never)(m);
      };
  }
  throw new Error(`unknown builtin ${name}/${args.length}`);
}
