import type { ActionInputs } from '../../parse-inputs.js';
import type { GithubContext } from '../../github-context.js';
import type { JqEngine } from '../../../core/jq/jq-engine.js';
import type { ActionReport } from '../../report/action-report.js';
import { isValid } from '../../report/is-valid.js';
import { loadHead, missingNote } from './load-head.js';

/** push, schedule and any other event: validate every definition, report, no diff. */
export async function validateMode(
  inputs: ActionInputs,
  github: GithubContext,
  jq: JqEngine,
): Promise<ActionReport> {
  const head = await loadHead(github.workspace, inputs.path, inputs.eventsFolder, jq);
  const { validation } = head;
  return {
    mode: 'validate',
    valid: isValid(validation.errorCount, validation.warningCount, 0, inputs.strict),
    strict: inputs.strict,
    path: inputs.path,
    fileCount: head.files.length,
    errorCount: validation.errorCount,
    warningCount: validation.warningCount,
    problems: validation.problems,
    changes: [],
    previewErrorCount: 0,
    ...(github.sha ? { headSha: github.sha } : {}),
    notes: head.missing ? [missingNote(inputs.path)] : [],
  };
}
