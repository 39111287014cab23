import { describeJqFault } from './describe-jq-fault.js';
import { buildCheckProgram, cleanCompileMessage } from './combined-program.js';
import type { JqRunner } from './evaluate-with-jq.js';
import { isCombinable } from './is-combinable.js';

/** Expressions per compile-check program; jq refuses one function over 64 KiB of bytecode. */
const CHUNK_COUNT = 200;
const CHUNK_CHARS = 20_000;

/**
 * Compile-checks expressions in as few jq runs as possible: one program per chunk that
 * never runs them, bisecting a failing chunk until each failing expression is checked on
 * its own, so every message is exactly what checking that expression alone gives.
 */
export async function checkWithJq(
  runner: JqRunner,
  expressions: readonly string[],
  timeoutMs: number,
): Promise<(string | null)[]> {
  const results: (string | null)[] = new Array(expressions.length).fill(null);
  const groups: number[][] = [];
  let chunk: number[] = [];
  let chars = 0;
  expressions.forEach((expression, i) => {
    if (!isCombinable(expression)) {
      groups.push([i]);
      return;
    }
    if (chunk.length >= CHUNK_COUNT || chars + expression.length > CHUNK_CHARS) {
      groups.push(chunk);
      chunk = [];
      chars = 0;
    }
    chunk.push(i);
    chars += expression.length;
  });
  if (chunk.length > 0) groups.push(chunk);

  const checkGroup = async (group: number[]): Promise<void> => {
    const program = buildCheckProgram(group.map((i) => expressions[i] as string));
    const result = await runner.run(program, 'null', timeoutMs, 1 << 20);
    if (result.type === 'result' && result.exitCode === 0) return;
    if (group.length === 1) {
      results[group[0] as number] = describeFailure(result, timeoutMs);
      return;
    }
    const half = Math.ceil(group.length / 2);
    await Promise.all([checkGroup(group.slice(0, half)), checkGroup(group.slice(half))]);
  };
  await Promise.all(groups.map(checkGroup));
  return results;
}

function describeFailure(result: Awaited<ReturnType<JqRunner['run']>>, timeoutMs: number): string {
  switch (result.type) {
    case 'timeout':
      return `jq compile check exceeded ${timeoutMs} ms`;
    case 'fault':
      // jq folds constants while compiling, so `"x" * 1e9` runs out of memory right there.
      return `jq engine fault while compiling: ${describeJqFault(result.message)}`;
    case 'too-large':
      return 'jq compile check printed too much output';
    case 'result':
      return cleanCompileMessage(result.stderr);
  }
}
