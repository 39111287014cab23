import * as core from '@actions/core';
import type { Problem } from '../../core/definitions/problem.js';
import { ANNOTATION_LIMIT } from './render-report.js';

/**
 * Emits the first 10 errors and 10 warnings as workflow-command annotations (GitHub
 * drops the rest); the report lists every problem. Returns how many were left out.
 */
export function annotateProblems(problems: readonly Problem[]): number {
  let left = 0;
  for (const severity of ['error', 'warning'] as const) {
    const all = problems.filter((p) => p.severity === severity);
    for (const problem of all.slice(0, ANNOTATION_LIMIT)) {
      const properties = {
        title: `switchyard (${problem.rule})`,
        file: problem.file,
        startLine: problem.line,
        endLine: problem.line,
        startColumn: problem.column,
      };
      if (severity === 'error') core.error(problem.message, properties);
      else core.warning(problem.message, properties);
    }
    left += Math.max(0, all.length - ANNOTATION_LIMIT);
  }
  return left;
}
