import type { JqOutcome } from './jq-engine.js';
import type { JqRunResult } from './jq-worker-pool.js';
import {
  buildWrappedProgram,
  cleanRuntimeMessage,
  errorValueMessage,
  parseWrappedOutput,
  type SlotAnswer,
} from './combined-program.js';
import { isCombinable } from './is-combinable.js';

export interface JqRunner {
  run(
    query: string,
    input: string,
    timeoutMs: number,
    maxStdoutBytes: number,
  ): Promise<JqRunResult>;
}

export interface EvaluateWithJqSettings {
  readonly timeoutMs: number;
  readonly maxOutputBytes: number;
  /** jq's compile message for an expression (as `check` reports it), or null. */
  readonly compileMessage: (expression: string) => Promise<string | null>;
}

/**
 * Evaluates expressions with jq-wasm: the combinable ones as one program (one jq start-up
 * instead of one each), falling back to one run per expression when the combined run does
 * not compile, traps, halts, times out or answers in the wrong shape.
 */
export async function evaluateWithJq(
  runner: JqRunner,
  inputText: string,
  expressions: readonly string[],
  settings: EvaluateWithJqSettings,
): Promise<JqOutcome[]> {
  const outcomes: (JqOutcome | undefined)[] = new Array(expressions.length);
  const combined = expressions.flatMap((e, i) => (isCombinable(e) ? [i] : []));
  if (combined.length >= 2) {
    const program = buildWrappedProgram(combined.map((i) => expressions[i] as string));
    const envelope = 64 + String(combined.length).length;
    const result = await runner.run(
      program.text,
      inputText,
      settings.timeoutMs,
      (settings.maxOutputBytes + envelope) * combined.length,
    );
    const answers =
      result.type === 'result' && result.exitCode === 0
        ? parseWrappedOutput(program, result.stdout, settings.maxOutputBytes)
        : undefined;
    answers?.forEach((answer, k) => {
      outcomes[combined[k] as number] = toOutcome(answer);
    });
  }
  await Promise.all(
    expressions.map(async (expression, i) => {
      if (outcomes[i] !== undefined) return;
      // An expression that cannot be proven self-contained is compile-checked on its own
      // first (`empty | E`, nothing after it), so one that only compiles by escaping its
      // wrapper is reported as the compile error it is.
      if (!isCombinable(expression)) {
        const message = await settings.compileMessage(expression);
        if (message !== null) {
          outcomes[i] = { ok: false, kind: 'compile', message };
          return;
        }
      }
      outcomes[i] = await evaluateAlone(runner, inputText, expression, settings);
    }),
  );
  return outcomes as JqOutcome[];
}

async function evaluateAlone(
  runner: JqRunner,
  inputText: string,
  expression: string,
  settings: EvaluateWithJqSettings,
): Promise<JqOutcome> {
  const program = buildWrappedProgram([expression]);
  const result = await runner.run(
    program.text,
    inputText,
    settings.timeoutMs,
    settings.maxOutputBytes + 128,
  );
  switch (result.type) {
    case 'timeout':
      return {
        ok: false,
        kind: 'timeout',
        message: `jq evaluation exceeded ${settings.timeoutMs} ms`,
      };
    case 'fault':
      return { ok: false, kind: 'engine-fault', message: result.message };
    case 'too-large':
      return tooLarge(settings.maxOutputBytes);
  }
  const answers = parseWrappedOutput(program, result.stdout, settings.maxOutputBytes);
  if (answers?.length === 1) return toOutcome(answers[0] as SlotAnswer | 'too-large', settings);
  if (result.exitCode === 3) {
    const message = await settings.compileMessage(expression);
    return { ok: false, kind: 'compile', message: message ?? 'jq compile error' };
  }
  if (result.exitCode !== 0) {
    return { ok: false, kind: 'runtime', message: cleanRuntimeMessage(result.stderr) };
  }
  // `halt` (or `halt_error(0)`) stops jq before the slot prints anything: no output.
  if (result.stdout === '') return { ok: true, value: undefined };
  return { ok: false, kind: 'engine-fault', message: 'jq printed output of an unexpected shape' };
}

function toOutcome(
  answer: SlotAnswer | 'too-large',
  settings?: { maxOutputBytes: number },
): JqOutcome {
  if (answer === 'too-large') return tooLarge(settings?.maxOutputBytes);
  if (answer.ok) return { ok: true, value: answer.value };
  return { ok: false, kind: 'runtime', message: errorValueMessage(answer.error) };
}

function tooLarge(maxOutputBytes?: number): JqOutcome {
  return {
    ok: false,
    kind: 'output-too-large',
    message: `jq output exceeds ${maxOutputBytes ?? 'the'} bytes`,
  };
}
