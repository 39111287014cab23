/**
 * The one interface every caller (validation, templates, conditions, the bot)
 * uses to run jq. Implementations: a JavaScript fast path for the common subset,
 * and jq-wasm in worker threads for everything else.
 */

/** Why an evaluation produced no value. */
export type JqErrorKind =
  'compile' | 'runtime' | 'timeout' | 'engine-fault' | 'output-too-large' | 'input-too-deep';

/**
 * Port semantics: only the first output counts. `value: undefined` means the
 * program produced no output ("undefined" in Port's renderer).
 */
export type JqOutcome =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly kind: JqErrorKind; readonly message: string };

export interface JqEngineOptions {
  /** Wall-clock bound for one evaluation, in milliseconds (default 500). */
  readonly timeoutMs?: number;
  /** Worker threads running jq-wasm (default 1). */
  readonly workers?: number;
  /** Largest jq output accepted, in bytes (default 1 MiB). */
  readonly maxOutputBytes?: number;
  /** Deepest input nesting accepted (default 500). */
  readonly maxInputDepth?: number;
}

export interface JqEngine {
  /**
   * Evaluates every expression against `input` and returns one outcome per
   * expression, in order. Never rejects for a jq problem: errors are data.
   */
  evaluate(input: unknown, expressions: readonly string[]): Promise<JqOutcome[]>;
  /**
   * Compile-checks expressions without running them: `null` when an
   * expression compiles, otherwise jq's error message.
   */
  check(expressions: readonly string[]): Promise<(string | null)[]>;
  /** Stops worker threads. */
  close(): Promise<void>;
}
