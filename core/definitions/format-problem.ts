import type { Problem } from './problem.js';

/** `file:line:col: error|warning: message (rule)` — the format editors and CI logs link. */
export function formatProblem(problem: Problem): string {
  return `${problem.file}:${problem.line}:${problem.column}: ${problem.severity}: ${problem.message} (${problem.rule})`;
}
