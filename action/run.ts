import * as core from '@actions/core';
import type { JqEngine } from '../core/jq/jq-engine.js';
import { dispatchMode } from './modes/dispatch/dispatch-mode.js';
import { createGithubClient } from './github/github-client.js';
import { readGithubContext } from './github-context.js';
import { loadJqEngine } from './load-jq-engine.js';
import { parseInputs } from './parse-inputs.js';
import { previewMode } from './modes/preview/preview-mode.js';
import type { ActionReport } from './report/action-report.js';
import { publishReport } from './report/publish-report.js';
import { resolveMode } from './modes/resolve-mode.js';
import { validateMode } from './modes/validate/validate-mode.js';

/** The Action: parse inputs, run one mode, publish its report; fails the step once, here. */
export async function run(): Promise<void> {
  let jq: JqEngine | undefined;
  try {
    const inputs = parseInputs();
    for (const secret of [
      ...Object.values(inputs.secrets),
      ...Object.values(inputs.gitlabTokens),
      inputs.gitlabToken,
      inputs.clientSecret,
      inputs.signingSecret,
    ]) {
      if (secret) core.setSecret(secret);
    }
    const github = readGithubContext();
    const mode = resolveMode(inputs, github.eventName);
    core.info(
      `switchyard: ${mode} mode (event ${github.eventName || 'unknown'}), definitions in ${inputs.path}`,
    );
    jq = loadJqEngine();
    let report: ActionReport;
    if (mode === 'preview') {
      report = await previewMode(inputs, github, createGithubClient(inputs.githubToken), jq);
    } else if (mode === 'dispatch') {
      report = await dispatchMode(inputs, github, jq);
    } else {
      report = await validateMode(inputs, github, jq);
    }
    await publishReport(report, {
      tempDir: github.tempDir,
      ...(github.runUrl ? { runUrl: github.runUrl } : {}),
    });
    if (!report.valid) core.setFailed(failureMessage(report));
  } catch (error) {
    core.setFailed(error instanceof Error ? error.message : String(error));
  } finally {
    await jq?.close();
  }
}

function failureMessage(report: ActionReport): string {
  const parts: string[] = [];
  if (report.errorCount)
    parts.push(`${report.errorCount} error${report.errorCount === 1 ? '' : 's'}`);
  if (report.strict && report.warningCount)
    parts.push(
      `${report.warningCount} warning${report.warningCount === 1 ? '' : 's'} (fail-on-warnings)`,
    );
  if (report.previewErrorCount)
    parts.push(
      `${report.previewErrorCount} render error${report.previewErrorCount === 1 ? '' : 's'} in previews`,
    );
  if (report.dispatch?.outcome === 'failed')
    parts.push(`the run of ${report.dispatch.identifier} failed`);
  return `switchyard: ${parts.join(', ') || 'the check failed'} — see the job summary.`;
}
