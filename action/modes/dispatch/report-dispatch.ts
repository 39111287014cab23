import * as core from '@actions/core';
import type { ActionReport, DispatchReport } from '../../report/action-report.js';
import { isValid } from '../../report/is-valid.js';
import type { DispatchBaseReport } from './dispatch-base-report.js';
import type { DispatchRun } from './prepare-dispatch-run.js';

/** What became of the request: sent, skipped or failed, and the logs that say why. */
export type DispatchOutcome = Pick<DispatchReport, 'outcome' | 'status' | 'link' | 'logs'>;

/** The dispatch part the run does not give: how it went, and the request shown. */
export type DispatchResult = Omit<
  DispatchReport,
  'identifier' | 'file' | 'sample' | 'runId' | 'matched' | 'dryRun'
>;

/** The mode's report of a dispatch; sets the `run-id` and `status` outputs. */
export function reportDispatch(
  base: DispatchBaseReport,
  run: DispatchRun,
  dryRun: boolean,
  dispatch: DispatchResult,
): ActionReport {
  const full: DispatchReport = {
    identifier: run.definition.identifier,
    file: run.file,
    sample: run.sample.name,
    runId: run.runId,
    matched: run.preview.matched,
    ...(run.preview.reason ? { reason: run.preview.reason } : {}),
    dryRun,
    ...dispatch,
  };
  core.setOutput('run-id', full.runId);
  core.setOutput('status', full.status ?? full.outcome.toUpperCase());
  const failed = full.outcome === 'failed';
  return {
    ...base,
    valid: !failed && isValid(base.errorCount, base.warningCount, 0, base.strict),
    dispatch: full,
  };
}
