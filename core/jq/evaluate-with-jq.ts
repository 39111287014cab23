import { describeJqFault } from './describe-jq-fault.js';
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
    /** A bound, or a function giving it when the run starts (≤ 0: time out at once). */
    timeoutMs: number | (() => number),
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
 *
 * Cost bound: every run gets the time bound, and the runs of one call that hit it share a
 * budget of twice the bound: once that is spent, expressions not yet run fail at once. So a jq bomb, or several in one template, costs at most
 * 2 × timeoutMs of jq time (1 s by default).
 */
export async function evaluateWithJq(
  runner: JqRunner,
  inputText: string,
  expressions: readonly string[],
  settings: EvaluateWithJqSettings,
): Promise<JqOutcome[]> {
  const outcomes: (JqOutcome | undefined)[] = new Array(expressions.length);
  const budget = { left: 2 * settings.timeoutMs };
  const combined = expressions.flatMap((e, i) => (isCombinable(e) ? [i] : []));
  if (combined.length >= 2) {
    const program = buildWrappedProgram(combined.map((i) => expressions[i] as string));
    const envelope = 64 + String(combined.length).length;
    const metered = meteredRun(settings.timeoutMs, budget);
    const result = await runner.run(
      program.text,
      inputText,
      metered.bound,
      (settings.maxOutputBytes + envelope) * combined.length,
    );
    metered.charge(result);
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
      outcomes[i] = await evaluateAlone(runner, inputText, expression, settings, budget);
    }),
  );
  return outcomes as JqOutcome[];
}

async function evaluateAlone(
  runner: JqRunner,
  inputText: string,
  expression: string,
  settings: EvaluateWithJqSettings,
  budget: JqBudget,
): Promise<JqOutcome> {
  const program = buildWrappedProgram([expression]);
  const timedOut: JqOutcome = {
    ok: false,
    kind: 'timeout',
    message: `jq evaluation exceeded ${settings.timeoutMs} ms`,
  };
  if (budget.left <= 0) {
    return {
      ok: false,
      kind: 'timeout',
      message: `not evaluated: the other expressions evaluated with it used up its jq time (${2 * settings.timeoutMs} ms)`,
    };
  }
  // The bound is checked again when the run gets a worker: others may have queued first.
  const metered = meteredRun(settings.timeoutMs, budget);
  const result = await runner.run(
    program.text,
    inputText,
    metered.bound,
    settings.maxOutputBytes + 128,
  );
  metered.charge(result);
  switch (result.type) {
    case 'timeout':
      return timedOut;
    case 'fault':
      return { ok: false, kind: 'engine-fault', message: describeJqFault(result.message) };
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

/** jq time one `evaluateWithJq` call may still spend, in ms. */
interface JqBudget {
  left: number;
}

/**
 * One run's bound, computed when the run gets a worker (the time bound or what is left of
 * the budget), and `charge`, which takes the run's time off the budget once it is over.
 */
function meteredRun(
  timeoutMs: number,
  budget: JqBudget,
): { bound: () => number; charge: (result?: { type: string }) => void } {
  let started: number | undefined;
  return {
    bound: () => {
      started = performance.now();
      return Math.floor(Math.min(timeoutMs, budget.left));
    },
    // Only runs that hit their bound are charged: runaway programs share the budget, while
    // ordinary runs (slow only because the machine is busy) never use it up.
    charge: (result?: { type: string }) => {
      if (started !== undefined && result?.type === 'timeout') {
        budget.left -= performance.now() - started;
      }
    },
  };
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
