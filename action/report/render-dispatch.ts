import type { DispatchReport } from './action-report.js';
import { cell, code, table } from './markdown.js';
import { requestSection, type Detail } from './render-request.js';

/** The dispatch section: which automation ran on which event, what was sent, what came back. */
export function renderDispatch(dispatch: DispatchReport, detail: Detail): string {
  const outcome = {
    sent: `✅ sent${dispatch.via === 'bot' ? ' to the bot' : ''}`,
    skipped: '⏭️ not sent',
    failed: '❌ failed',
  }[dispatch.outcome];
  const rows: string[][] = [
    ['Automation', `${code(dispatch.identifier)} (${code(dispatch.file)})`],
    ['Event', code(dispatch.sample)],
    ['Run id', code(dispatch.runId)],
    ['Matched', dispatch.matched ? 'yes' : `no: ${cell(dispatch.reason ?? '')}`],
    ['Outcome', `${outcome}${dispatch.dryRun ? ' (dry run)' : ''}`],
  ];
  if (dispatch.status) rows.push(['Run status', code(dispatch.status)]);
  for (const link of dispatch.link ?? []) rows.push(['Link', cell(link)]);
  const parts = [table(['', ''], rows)];
  for (const error of dispatch.errors)
    parts.push(`❌ render error at ${code(error.path)}: ${cell(error.message)}`);
  if (dispatch.logs.length) parts.push(dispatch.logs.map((l) => `- ${cell(l)}`).join('\n'));
  if (dispatch.request) parts.push(requestSection(dispatch.request, detail));
  return parts.join('\n\n');
}
