import type { ValidatedDefinition } from '../../../core/definitions/validate-definitions.js';
import type { GithubContext } from '../../github-context.js';
import type { ActionReport } from '../../report/action-report.js';
import type { ActionInputs } from '../../parse-inputs.js';
import type { HeadDefinitions } from '../validate/load-head.js';

/** A dispatch's report before it runs: the problems of the one file it runs from. */
export type DispatchBaseReport = Omit<ActionReport, 'valid' | 'dispatch'>;

export function dispatchBaseReport(
  inputs: ActionInputs,
  github: GithubContext,
  head: HeadDefinitions,
  found: ValidatedDefinition,
): DispatchBaseReport {
  const problems = head.validation.problems.filter((p) => p.file === found.file);
  const errorCount = problems.filter((p) => p.severity === 'error').length;
  return {
    mode: 'dispatch',
    strict: inputs.strict,
    path: inputs.path,
    fileCount: head.files.length,
    errorCount,
    warningCount: problems.length - errorCount,
    problems,
    changes: [],
    previewErrorCount: 0,
    ...(github.sha ? { headSha: github.sha } : {}),
    notes: [],
  };
}
