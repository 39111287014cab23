import { affix, NULLARY_BUILTINS } from './fast-builtins.js';
import { BUILTINS_WITH_ARGS, NULLARY_GENERATORS } from './fast-builtins-with-args.js';
import { FORMATS } from './fast-formats.js';
import { sliceValue } from './fast-slice.js';
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
import type { Env, Filter } from './fast-filter.js';

export type { Env, Filter } from './fast-filter.js';

/** A `def`ined function or a filter argument, with the scope it was defined in. */
interface Closure {
  readonly params: readonly string[];
  readonly body: Filter;
  env: Env | null;
}

const single =
  (f: (input: unknown) => unknown): Filter =>
  (input) => [f(input)];

/** The prelude's `{} as $ENV` (see `combined-program.ts`). */
export const ROOT_ENV: Env = { name: '$ENV', value: {}, next: null };

function lookup(env: Env | null, name: string): unknown {
  for (let e = env; e; e = e.next) if (e.name === name) return e.value;
  throw new Error(`unbound ${name}`);
}

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
        return function* (input, env) {
          for (const t of target(input, env)) yield* index(t, key);
        };
      }
      const key = compileNode(node.key);
      // jq evaluates the key first (outer loop), against the same input as the target.
      return function* (input, env) {
        for (const k of key(input, env)) for (const t of target(input, env)) yield* index(t, k);
      };
    }
    case 'iterate': {
      const target = compileNode(node.target);
      const iterate = node.opt
        ? (t: unknown) => suppressed(() => iterateValue(t), [])
        : iterateValue;
      return function* (input, env) {
        for (const t of target(input, env)) yield* iterate(t);
      };
    }
    case 'try': {
      const body = compileNode(node.body);
      return function* (input, env) {
        try {
          yield* body(input, env);
        } catch (error) {
          if (!(error instanceof FastJqError)) throw error;
        }
      };
    }
    case 'neg': {
      const body = compileNode(node.body);
      return function* (input, env) {
        for (const v of body(input, env)) yield negate(v);
      };
    }
    case 'pipe': {
      const left = compileNode(node.left);
      const right = compileNode(node.right);
      return function* (input, env) {
        for (const v of left(input, env)) yield* right(v, env);
      };
    }
    case 'comma': {
      const left = compileNode(node.left);
      const right = compileNode(node.right);
      return function* (input, env) {
        yield* left(input, env);
        yield* right(input, env);
      };
    }
    case 'alt': {
      const left = compileNode(node.left);
      const right = compileNode(node.right);
      // jq 1.8.2: errors on the left propagate; right runs only if left had no truthy output.
      return function* (input, env) {
        let found = false;
        for (const v of left(input, env)) {
          if (isTruthy(v)) {
            found = true;
            yield v;
          }
        }
        if (!found) yield* right(input, env);
      };
    }
    case 'and':
    case 'or': {
      const left = compileNode(node.left);
      const right = compileNode(node.right);
      const shortCircuit = node.k === 'or';
      return function* (input, env) {
        for (const a of left(input, env)) {
          if (isTruthy(a) === shortCircuit) yield shortCircuit;
          else for (const b of right(input, env)) yield isTruthy(b);
        }
      };
    }
    case 'binop': {
      const left = compileNode(node.left);
      const right = compileNode(node.right);
      const { op } = node;
      // The right operand is the outer loop: [(1,2) + (10,20)] is [11,12,21,22].
      return function* (input, env) {
        for (const b of right(input, env))
          for (const a of left(input, env)) yield binaryOp(op, a, b);
      };
    }
    case 'if': {
      const cond = compileNode(node.cond);
      const then = compileNode(node.then);
      const otherwise = compileNode(node.else);
      return function* (input, env) {
        for (const c of cond(input, env)) yield* (isTruthy(c) ? then : otherwise)(input, env);
      };
    }
    case 'array': {
      if (!node.body) return () => [[]];
      const body = compileNode(node.body);
      return (input, env) => [[...body(input, env)]];
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
    case 'callUser':
      return compileUserCall(
        node.key,
        node.args.map((a) => compileNode(a)),
      );
    case 'var': {
      const { name } = node;
      return (_, env) => [lookup(env, name)];
    }
    case 'as': {
      const source = compileNode(node.source);
      const body = compileNode(node.body);
      const { name } = node;
      return function* (input, env) {
        for (const v of source(input, env)) yield* body(input, { name, value: v, next: env });
      };
    }
    case 'reduce': {
      const source = compileNode(node.source);
      const init = compileNode(node.init);
      const update = compileNode(node.update);
      const { name } = node;
      return function* (input, env) {
        for (let state of init(input, env)) {
          for (const v of source(input, env)) {
            // jq keeps the last output of UPDATE, and null when it has none.
            let next: unknown = null;
            for (const u of update(state, { name, value: v, next: env })) next = u;
            state = next;
          }
          yield state;
        }
      };
    }
    case 'foreach': {
      const source = compileNode(node.source);
      const init = compileNode(node.init);
      const update = compileNode(node.update);
      const extract = node.extract && compileNode(node.extract);
      const { name } = node;
      return function* (input, env) {
        for (let state of init(input, env)) {
          for (const v of source(input, env)) {
            const scope: Env = { name, value: v, next: env };
            // Every output of UPDATE is extracted; the last one carries on.
            for (const u of update(state, scope)) {
              state = u;
              if (extract) yield* extract(u, scope);
              else yield u;
            }
          }
        }
      };
    }
    case 'def':
      return compileDef(node.key, node.params, compileNode(node.body), compileNode(node.rest));
    case 'slice': {
      const target = compileNode(node.target);
      const from = node.from ? compileNode(node.from) : () => [null];
      const to = node.to ? compileNode(node.to) : () => [null];
      // jq evaluates the end bound as the outermost loop, then the start, then the target.
      return function* (input, env) {
        for (const b of to(input, env))
          for (const a of from(input, env))
            for (const t of target(input, env)) yield sliceValue(t, a, b);
      };
    }
    case 'tryCatch': {
      const body = compileNode(node.body);
      const handler = compileNode(node.handler);
      return function* (input, env) {
        // Outputs before the error stand; the handler sees the error's message.
        let caught: unknown;
        try {
          yield* body(input, env);
          return;
        } catch (error) {
          if (!(error instanceof FastJqError)) throw error;
          caught = error.value;
        }
        yield* handler(caught, env);
      };
    }
    case 'format':
      return single(FORMATS[node.name] as (input: unknown) => unknown);
  }
}

function compileString(parts: readonly (string | Filter)[]): Filter {
  // The last interpolation is the outermost loop: "\(1,2)-\(3,4)" gives 1-3, 2-3, 1-4, 2-4.
  const build = function* (
    input: unknown,
    env: Env | null,
    end: number,
    suffix: string,
  ): Generator<string> {
    if (end < 0) {
      yield suffix;
      return;
    }
    const part = parts[end] as string | Filter;
    if (typeof part === 'string') {
      yield* build(input, env, end - 1, part + suffix);
      return;
    }
    for (const v of part(input, env)) {
      yield* build(input, env, end - 1, (typeof v === 'string' ? v : toJqJson(v)) + suffix);
    }
  };
  return (input, env) => build(input, env, parts.length - 1, '');
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
    values = [...key(null, ROOT_ENV)];
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
    env: Env | null,
    i: number,
    acc: Record<string, unknown>,
  ): Generator<unknown> {
    if (i === entries.length) {
      yield acc;
      return;
    }
    const { key, value } = entries[i] as { key: Filter; value: Filter };
    for (const k of key(input, env)) {
      if (typeof k !== 'string') {
        throw new FastJqError(`Cannot use ${describe(k)} as object key`);
      }
      for (const v of value(input, env)) {
        const next = { ...acc };
        if (Object.prototype.hasOwnProperty.call(next, k)) next[k] = v;
        else newObjectKey(next, k, v);
        yield* build(input, env, i + 1, next);
      }
    }
  };
  return (input, env) => build(input, env, 0, {});
}

function compileCall(name: string, args: readonly Filter[]): Filter {
  if (args.length === 0) {
    if (name === 'empty') return () => [];
    const generator = NULLARY_GENERATORS[name];
    if (generator) return generator;
    return single(NULLARY_BUILTINS[name] as (input: unknown) => unknown);
  }
  const [arg] = args as [Filter];
  switch (`${name}/${args.length}`) {
    case 'has/1':
      return function* (input, env) {
        for (const k of arg(input, env)) yield hasKey(input, k);
      };
    case 'startswith/1':
    case 'endswith/1':
      return function* (input, env) {
        for (const a of arg(input, env)) yield affix(name as 'startswith', input, a);
      };
    case 'select/1':
      return function* (input, env) {
        for (const c of arg(input, env)) if (isTruthy(c)) yield input;
      };
    case 'map/1':
      return (input, env) => [iterateValue(input).flatMap((x) => [...arg(x, env)])];
    case 'error/1':
      return function* (input, env) {
        for (const m of arg(input, env)) yield (NULLARY_BUILTINS.error as (v: unknown) => never)(m);
      };
  }
  const builtin = BUILTINS_WITH_ARGS[`${name}/${args.length}`];
  if (!builtin) throw new Error(`unknown builtin ${name}/${args.length}`);
  return builtin(args);
}

/** `def`: binds the function (visible in its own body, for recursion) and runs `rest`. */
function compileDef(key: string, params: readonly string[], body: Filter, rest: Filter): Filter {
  return (input, env) => {
    const closure: Closure = { params, body, env: null };
    const scope: Env = { name: key, value: closure, next: env };
    closure.env = scope;
    return rest(input, scope);
  };
}

/** A call of a `def`ined function or of a filter parameter. */
function compileUserCall(key: string, args: readonly Filter[]): Filter {
  return function* (input, env) {
    const closure = lookup(env, key) as Closure;
    let scope = closure.env;
    const values: { name: string; filter: Filter }[] = [];
    closure.params.forEach((param, i) => {
      const filter = args[i] as Filter;
      const name = param.startsWith('$') ? param.slice(1) : param;
      scope = { name: `${name}/0`, value: { params: [], body: filter, env }, next: scope };
      if (param.startsWith('$')) values.push({ name: param, filter });
    });
    // `def f($a; $b)` is `def f(a; b): a as $a | b as $b | …`: the first is the outer loop.
    const bind = function* (i: number, inner: Env | null): Generator<unknown> {
      if (i === values.length) {
        yield* closure.body(input, inner);
        return;
      }
      const { name, filter } = values[i] as { name: string; filter: Filter };
      for (const v of filter(input, env)) yield* bind(i + 1, { name, value: v, next: inner });
    };
    yield* bind(0, scope);
  };
}
