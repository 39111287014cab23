import { checkWithJq } from './check-with-jq.js';
import { compileFastCached } from './compile-fast-cached.js';
import { DECLINE } from './compile-fast.js';
import { evaluateWithJq } from './evaluate-with-jq.js';
import type { JqEngine, JqEngineOptions, JqOutcome } from './jq-engine.js';
import { JqWorkerPool } from './jq-worker-pool.js';
import { defaultJqModulePath, loadJqWasmModule, type WasmModule } from './load-jq-wasm.js';
import { prepareInput } from './prepare-input.js';

export interface CreateJqEngineOptions extends JqEngineOptions {
  /**
   * The jq wasm, for callers that bundle it (the Action: bytes from `jq-wasm/inline` or a
   * file shipped next to the bundle). Default: `jq-wasm/jq.wasm` from node_modules.
   */
  readonly wasm?: WasmModule | Uint8Array | ArrayBuffer;
  /** Path of jq-wasm's CommonJS entry that workers load. Default: resolved from node_modules. */
  readonly jqModulePath?: string;
  /** Bound for one compile-check run (default: 4 × timeoutMs, at least 2 s). */
  readonly checkTimeoutMs?: number;
  /** Set false to send every expression to jq-wasm (tests, benchmarks). */
  readonly fastPath?: boolean;
}

const MAX_VERDICTS = 20_000;

/**
 * Whether a fast-path value is certainly within the output bound: jq's JSON text takes at
 * most 6 bytes per UTF-16 unit of JSON.stringify's (DEL becomes `\u007f`). Near the
 * bound, jq decides.
 */
function clearlyFits(outcome: JqOutcome, maxOutputBytes: number): boolean {
  if (!outcome.ok) return true;
  const { value } = outcome;
  if (typeof value === 'string') return value.length * 6 + 2 <= maxOutputBytes;
  if (value === null || typeof value !== 'object') return true;
  return JSON.stringify(value).length * 6 <= maxOutputBytes;
}

/**
 * The jq engine: the JavaScript fast path first, jq-wasm in worker threads for everything
 * the fast path declines. Workers start lazily, on the first expression that needs jq.
 */
export function createJqEngine(options: CreateJqEngineOptions = {}): JqEngine {
  const timeoutMs = options.timeoutMs ?? 500;
  const maxOutputBytes = options.maxOutputBytes ?? 1 << 20;
  const maxInputDepth = options.maxInputDepth ?? 500;
  const checkTimeoutMs = options.checkTimeoutMs ?? Math.max(2000, 4 * timeoutMs);
  const useFastPath = options.fastPath ?? true;
  const pool = new JqWorkerPool({
    size: Math.max(1, options.workers ?? 1),
    wasmModule: () => loadJqWasmModule(options.wasm),
    jqModulePath: options.jqModulePath ?? defaultJqModulePath(),
  });
  // Compile verdicts by expression text: a definition's expressions are checked once and
  // evaluated many times, and a known-bad expression must not break a combined program.
  const verdicts = new Map<string, string | null>();
  const remember = (expression: string, verdict: string | null): void => {
    if (verdicts.size >= MAX_VERDICTS) verdicts.delete(verdicts.keys().next().value as string);
    verdicts.set(expression, verdict);
  };

  const check = async (expressions: readonly string[]): Promise<(string | null)[]> => {
    // What the fast path compiles, jq compiles (the differential test holds it to that), so
    // only the rest costs a jq-wasm run; when nothing is left, jq-wasm never starts.
    const unknown = [
      ...new Set(
        expressions.filter(
          (e) => !verdicts.has(e) && !(useFastPath && compileFastCached(e) !== null),
        ),
      ),
    ];
    const found = new Map<string, string | null>();
    if (unknown.length > 0) {
      const results = await checkWithJq(pool, unknown, checkTimeoutMs);
      unknown.forEach((e, i) => {
        const verdict = results[i] as string | null;
        found.set(e, verdict);
        // A timeout or fault says nothing about the expression; do not cache it.
        if (verdict === null || !verdict.startsWith('jq ')) remember(e, verdict);
      });
    }
    return expressions.map((e) => verdicts.get(e) ?? found.get(e) ?? null);
  };

  const evaluate = async (input: unknown, expressions: readonly string[]): Promise<JqOutcome[]> => {
    const prepared = prepareInput(input, maxInputDepth);
    if (!prepared.ok) {
      const { kind, message } = prepared;
      return expressions.map(() => ({ ok: false, kind, message }));
    }
    const outcomes: (JqOutcome | undefined)[] = new Array(expressions.length);
    const slow: number[] = [];
    expressions.forEach((expression, i) => {
      const known = verdicts.get(expression);
      if (known) {
        outcomes[i] = { ok: false, kind: 'compile', message: known };
        return;
      }
      const fast = useFastPath && prepared.fastPathSafe ? compileFastCached(expression) : null;
      const result = fast ? fast(prepared.value) : DECLINE;
      if (result === DECLINE || !clearlyFits(result, maxOutputBytes)) slow.push(i);
      else outcomes[i] = result;
    });
    if (slow.length > 0) {
      const results = await evaluateWithJq(
        pool,
        prepared.text(),
        slow.map((i) => expressions[i] as string),
        {
          timeoutMs,
          maxOutputBytes,
          compileMessage: async (expression) => (await check([expression]))[0] ?? null,
        },
      );
      slow.forEach((i, k) => {
        outcomes[i] = results[k];
      });
    }
    return outcomes as JqOutcome[];
  };

  return { evaluate, check, close: () => pool.close() };
}
