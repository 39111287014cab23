import type { JqOutcome } from './jq-engine.js';

/** Returned by a fast program that cannot be sure it agrees with jq on this input. */
export const DECLINE: unique symbol = Symbol('ask jq-wasm');

export type FastResult = JqOutcome | typeof DECLINE;
export type FastProgram = (input: unknown) => FastResult;

/** Compiles an expression for the JavaScript fast path, or null if it is outside the subset. */
export function compileFast(_text: string): FastProgram | null {
  return null;
}
