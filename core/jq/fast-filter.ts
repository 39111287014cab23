/** Variables and functions in scope at run time, innermost first. */
export interface Env {
  readonly name: string;
  readonly value: unknown;
  readonly next: Env | null;
}

/** A compiled filter: the lazy stream of outputs for one input, in jq's order. */
export type Filter = (input: unknown, env: Env | null) => Iterable<unknown>;
