import { compileNode, ROOT_ENV, type Filter } from './fast-evaluator.js';
import { lexFast } from './fast-lexer.js';
import { parseFast } from './fast-parser.js';
import { FAST_DECLINE, FastJqError } from './fast-values.js';
import type { JqOutcome } from './jq-engine.js';

/** Returned by a fast program that cannot be sure it agrees with jq on this input. */
export const DECLINE: unique symbol = Symbol('ask jq-wasm');

export type FastResult = JqOutcome | typeof DECLINE;
export type FastProgram = (input: unknown) => FastResult;

/**
 * Compiles an expression for the JavaScript fast path, or returns null if it is outside
 * the subset (then jq-wasm evaluates it). The program keeps Port's semantics: the first
 * output counts, later outputs and errors after it are never computed. Input must be
 * plain JSON data (see `prepare-input.ts`).
 */
export function compileFast(text: string): FastProgram | null {
  const tokens = lexFast(text);
  const ast = tokens && parseFast(tokens);
  if (!ast) return null;
  let filter: Filter;
  try {
    filter = compileNode(ast);
  } catch (error) {
    if (error === FAST_DECLINE) return null;
    throw error;
  }
  return (input) => {
    try {
      for (const value of filter(input, ROOT_ENV)) return { ok: true, value };
      return { ok: true, value: undefined };
    } catch (error) {
      if (error instanceof FastJqError)
        return { ok: false, kind: 'runtime', message: error.message };
      // FAST_DECLINE, or anything unexpected (a stack overflow on deep data): ask jq.
      return DECLINE;
    }
  };
}
