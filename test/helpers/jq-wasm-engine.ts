import { loadJq } from 'jq-wasm';
import type { JqEngine, JqOutcome } from '../../core/jq/jq-engine.js';

const PRELUDE = '{} as $ENV | def env: $ENV; ';
const COMPILE_ERROR_EXIT_CODE = 3;

/**
 * Stand-in until core/jq/create-jq-engine.ts lands: real jq 1.8.2 (jq-wasm's synchronous
 * handle) behind the JqEngine interface, with Port's disabled environment.
 */
export async function createJqWasmEngine(): Promise<JqEngine> {
  const jq = await loadJq();
  const run = (input: unknown, expression: string): JqOutcome => {
    try {
      return { ok: true, value: jq.first(input as object, PRELUDE + expression, ['--']) };
    } catch (error) {
      const { message, exitCode } = error as { message: string; exitCode?: number };
      const kind = exitCode === COMPILE_ERROR_EXIT_CODE ? 'compile' : 'runtime';
      return { ok: false, kind, message };
    }
  };
  return {
    evaluate: async (input, expressions) => expressions.map((expression) => run(input, expression)),
    check: async (expressions) =>
      expressions.map((expression) => {
        const outcome = run(null, `def __check: ${expression}; empty`);
        return outcome.ok || outcome.kind !== 'compile' ? null : outcome.message;
      }),
    close: async () => {},
  };
}
