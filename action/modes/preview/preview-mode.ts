import * as core from '@actions/core';
import { join } from 'node:path';
import { diffDefinitions } from '../../../core/definitions/diff-definitions.js';
import { parseDefinitionSource } from '../../../core/definitions/parse-definition-source.js';
import type { JqEngine } from '../../../core/jq/jq-engine.js';
import { fetchBaseFiles, type BaseFiles } from '../../github/fetch-base-files.js';
import { statusOf, type GithubClient } from '../../github/github-client.js';
import { upsertStickyComment } from '../../github/upsert-sticky-comment.js';
import { pullRequestOf, type GithubContext } from '../../github-context.js';
import type { ActionInputs } from '../../parse-inputs.js';
import type { ActionReport } from '../../report/action-report.js';
import { characters, COMMENT_LIMIT, fitReport } from '../../report/fit-report.js';
import { REPORT_MARKER } from '../../report/render-report.js';
import { loadHead, missingNote } from '../validate/load-head.js';
import { isValid } from '../../report/is-valid.js';
import { loadSampleEvents } from './load-sample-events.js';
import { previewChanges } from './preview-changes.js';

/**
 * pull_request: validate head, read base through the API at `pull_request.base.sha`,
 * diff base → head per identifier, preview each change on the sample events, and
 * post the report as one sticky comment.
 */
export async function previewMode(
  inputs: ActionInputs,
  github: GithubContext,
  client: GithubClient,
  jq: JqEngine,
): Promise<ActionReport> {
  const pr = pullRequestOf(github.payload);
  if (!pr) {
    throw new Error(
      `preview mode needs a pull_request event with pull_request.base.sha; this run was triggered by "${github.eventName}" (use mode: validate)`,
    );
  }
  const head = await loadHead(github.workspace, inputs.path, inputs.eventsFolder, jq);
  const notes: string[] = head.missing ? [missingNote(inputs.path)] : [];

  let base: BaseFiles;
  try {
    base = await fetchBaseFiles(client, {
      owner: github.owner,
      repo: github.repo,
      sha: pr.baseSha,
      path: inputs.path,
      eventsFolder: inputs.eventsFolder,
      head: head.files,
    });
  } catch (error) {
    if (statusOf(error) !== 404) throw error;
    notes.push(
      `The base commit \`${pr.baseSha.slice(0, 7)}\` is not readable through the API (404), so every definition is shown as added.`,
    );
    base = { files: [], fetched: 0, absent: true };
  }
  core.info(
    `Base ${pr.baseSha.slice(0, 7)}: ${base.files.length} definition files (${base.fetched} fetched, the rest identical to head).`,
  );

  const changes = diffDefinitions(
    base.files.map((f) => ({ file: f.file, value: parseDefinitionSource(f.file, f.text).value })),
    head.validation.definitions.map((d) => ({ file: d.file, value: d.value })),
  );
  const samples = await loadSampleEvents(github.workspace, join(inputs.path, inputs.eventsFolder));
  notes.push(...samples.skipped);
  const reports = await previewChanges(
    {
      changes,
      head: head.validation.definitions,
      samples: samples.samples,
      secrets: inputs.secrets,
      config: inputs.gitlabUrl ? { gitlabUrl: inputs.gitlabUrl } : {},
    },
    jq,
  );
  // Render errors on a real sample that matches are what the bot would hit: they fail the
  // check. On synthetic events (placeholder data) and near misses they are only shown.
  const previewErrorCount = reports
    .flatMap((r) => r.previews)
    .filter((p) => p.matched && !p.synthetic)
    .reduce((n, p) => n + p.errors.length, 0);
  const { errorCount, warningCount } = head.validation;
  const report: ActionReport = {
    mode: 'preview',
    valid: isValid(errorCount, warningCount, previewErrorCount, inputs.strict),
    strict: inputs.strict,
    path: inputs.path,
    fileCount: head.files.length,
    errorCount,
    warningCount,
    problems: head.validation.problems,
    changes: reports,
    previewErrorCount,
    base: { sha: pr.baseSha, fetched: base.fetched, absent: base.absent },
    ...(pr.headSha ? { headSha: pr.headSha } : {}),
    notes,
  };

  if (inputs.comment) await comment(report, pr.number, github, client);
  return report;
}

async function comment(
  report: ActionReport,
  issueNumber: number,
  github: GithubContext,
  client: GithubClient,
): Promise<void> {
  const { markdown, detail } = fitReport(report, COMMENT_LIMIT, characters, {
    ...(github.runUrl ? { runUrl: github.runUrl } : {}),
    fullReportHint: 'The job summary has the full report.',
  });
  if (detail > 0)
    core.info(`The comment was shortened (detail level ${detail}) to fit 65,536 characters.`);
  try {
    const result = await upsertStickyComment(client, {
      owner: github.owner,
      repo: github.repo,
      issueNumber,
      marker: REPORT_MARKER,
      body: markdown,
    });
    core.info(`Comment ${result.action}: ${result.url}`);
  } catch (error) {
    const status = statusOf(error);
    if (status !== 403 && status !== 404) throw error;
    core.warning(
      `Could not comment on pull request #${issueNumber} (${status}: ${(error as Error).message}). Give the workflow \`permissions: pull-requests: write\`; pull requests from forks get a read-only token, so the report is only in the job summary.`,
    );
  }
}
