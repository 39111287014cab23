import * as core from '@actions/core';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatProblem } from '../../core/definitions/format-problem.js';
import type { ActionReport } from './action-report.js';
import { annotateProblems } from './annotate-problems.js';
import { fitReport, SUMMARY_LIMIT_BYTES, utf8Bytes } from './fit-report.js';
import { changedIdentifiers } from './changed-identifiers.js';

export interface PublishOptions {
  readonly tempDir: string;
  readonly runUrl?: string;
}

/**
 * Writes what every mode produces: log lines and annotations for the problems, the job
 * summary, the JSON report file and the outputs `valid`, `changed` and `report`.
 */
export async function publishReport(report: ActionReport, options: PublishOptions): Promise<void> {
  for (const problem of report.problems) core.info(formatProblem(problem));
  const left = annotateProblems(report.problems);
  if (left > 0) {
    core.info(
      `${left} more problems are not annotated (GitHub shows 10 errors and 10 warnings per step); the job summary lists all of them.`,
    );
  }

  const path = join(options.tempDir, 'switchyard-report.json');
  await writeFile(path, `${JSON.stringify(report, null, 2)}\n`);
  core.setOutput('valid', String(report.valid));
  core.setOutput('changed', JSON.stringify(changedIdentifiers(report.changes)));
  core.setOutput('report', path);

  if (process.env.GITHUB_STEP_SUMMARY) {
    const { markdown } = fitReport(report, SUMMARY_LIMIT_BYTES - 1024, utf8Bytes, {
      ...(options.runUrl ? { runUrl: options.runUrl } : {}),
      fullReportHint: `The JSON report (output \`report\`) has everything.`,
    });
    await core.summary.addRaw(markdown).write({ overwrite: true });
  } else {
    core.info('GITHUB_STEP_SUMMARY is not set: no job summary written.');
  }
}
