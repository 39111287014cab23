import type { Problem } from '../../core/definitions/problem.js';
import type { ActionReport, ChangeReport, SamplePreview } from './action-report.js';
import { cell, code, codeBlock, html, plural, shortJson, table } from './markdown.js';
import { renderDispatch } from './render-dispatch.js';
import { requestSection, type Detail } from './render-request.js';

/** The hidden marker that identifies the sticky pull-request comment. */
export const REPORT_MARKER = '<!-- switchyard:report -->';

/** GitHub allows 10 error and 10 warning annotations per step; the rest go to the report. */
export const ANNOTATION_LIMIT = 10;

const LEFT_OUT = [
  '',
  'request bodies',
  'request bodies and definition diffs',
  'request bodies, definition diffs and sample previews',
  'request bodies, definition diffs, sample previews and most rows',
];
const BRIEF_ROWS = 50;

export interface RenderOptions {
  readonly detail?: Detail;
  /** A link to the workflow run, shown at the end. */
  readonly runUrl?: string;
  /** What the reader should do to see the full report when detail was dropped. */
  readonly fullReportHint?: string;
}

/** The report as GitHub markdown: header, table of changes, problems, one `<details>` per change. */
export function renderReport(report: ActionReport, options: RenderOptions = {}): string {
  const detail = options.detail ?? 0;
  const parts = [REPORT_MARKER, header(report), intro(report)];
  if (detail > 0) {
    parts.push(
      `> [!NOTE]\n> This report was shortened to fit GitHub's size limit: ${LEFT_OUT[detail]} are left out.${options.fullReportHint ? ` ${options.fullReportHint}` : ''}`,
    );
  }
  if (report.dispatch) parts.push(renderDispatch(report.dispatch, detail));
  if (report.changes.length) parts.push(changesTable(report.changes, detail));
  if (report.problems.length) parts.push(problemsSection(report.problems, detail));
  if (report.notes.length) parts.push(report.notes.map((n) => `- ${n}`).join('\n'));
  if (detail < 3) {
    for (const change of report.changes) {
      if (change.kind === 'removed' && detail >= 2) continue;
      parts.push(changeDetails(change, detail));
    }
  }
  parts.push(footer(options.runUrl));
  return `${parts.filter(Boolean).join('\n\n')}\n`;
}

function header(report: ActionReport): string {
  const icon = report.valid ? '✅' : '❌';
  const bits = [plural(report.errorCount, 'error'), plural(report.warningCount, 'warning')];
  if (report.mode === 'preview')
    bits.push(`${plural(report.changes.length, 'definition')} changed`);
  if (report.previewErrorCount) bits.push(plural(report.previewErrorCount, 'preview error'));
  const title = { preview: 'preview', validate: 'validation', dispatch: 'run' }[report.mode];
  return `### ${icon} switchyard ${title}: ${bits.join(' · ')}`;
}

function intro(report: ActionReport): string {
  const where = report.path === '.' ? 'the repository' : code(report.path);
  let text = `Checked ${plural(report.fileCount, 'definition file')} in ${where}`;
  if (report.headSha) text += ` at ${code(report.headSha.slice(0, 7))}`;
  if (report.base) {
    text += report.base.absent
      ? ` (${where} does not exist at base ${code(report.base.sha.slice(0, 7))}: every definition is new)`
      : ` against base ${code(report.base.sha.slice(0, 7))}`;
  }
  text += '.';
  if (report.mode === 'preview' && report.changes.length === 0) {
    text += ' No definition changed.';
  }
  if (report.strict && report.warningCount > 0)
    text += ' Warnings fail the check (`strict: true`).';
  return text;
}

const KIND_LABEL: Record<ChangeReport['kind'], string> = {
  added: '🆕 added',
  changed: '✏️ changed',
  removed: '🗑️ removed',
  enabled: '▶️ enabled',
  disabled: '⏸️ disabled',
  moved: '🚚 moved',
};

function changesTable(changes: readonly ChangeReport[], detail: Detail): string {
  const shown = detail >= 4 ? changes.slice(0, BRIEF_ROWS) : changes;
  const rows = shown.map((c) => [
    c.valid ? '✅' : '❌',
    c.identifier ? code(c.identifier) : '_(unreadable)_',
    code(c.file) + (c.previousFile ? ` (from ${code(c.previousFile)})` : ''),
    KIND_LABEL[c.kind],
    `${c.trigger ? code(c.trigger) : '?'} → ${c.backend ? code(c.backend) : '?'}`,
    samplesCell(c),
  ]);
  const rest =
    shown.length < changes.length ? `\n\n…and ${changes.length - shown.length} more changes.` : '';
  return `${table(['', 'Automation', 'File', 'Change', 'Event → backend', 'Samples'], rows)}${rest}`;
}

function samplesCell(change: ChangeReport): string {
  if (change.kind === 'removed') return '—';
  if (!change.valid) return 'not previewed (invalid)';
  const real = change.previews.filter((p) => !p.synthetic).length;
  const matched = change.previews.filter((p) => p.matched).length;
  const errors = change.previews.filter((p) => p.errors.length > 0).length;
  let text =
    change.previews[0]?.subject === 'inputs'
      ? 'example inputs'
      : real
        ? `${matched} of ${real} match`
        : `synthetic only (${matched ? 'matches' : 'no match'})`;
  if (errors) text += `, ❌ ${plural(errors, 'render error')}`;
  return text;
}

function problemsSection(problems: readonly Problem[], detail: Detail): string {
  const shown = detail >= 4 ? problems.slice(0, BRIEF_ROWS) : problems;
  const rows = shown.map((p) => [
    p.severity === 'error' ? '❌' : '⚠️',
    code(`${p.file}:${p.line}:${p.column}`),
    code(p.rule),
    cell(p.message),
  ]);
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  const notes: string[] = [];
  if (errors > ANNOTATION_LIMIT || warnings > ANNOTATION_LIMIT) {
    notes.push(
      `GitHub shows at most ${ANNOTATION_LIMIT} errors and ${ANNOTATION_LIMIT} warnings as annotations on the diff; all ${plural(problems.length, 'problem')} are listed here.`,
    );
  }
  if (shown.length < problems.length) {
    notes.push(
      `…and ${problems.length - shown.length} more problems (see the job summary or the JSON report).`,
    );
  }
  return [`**Problems**`, table(['', 'Location', 'Rule', 'Message'], rows), ...notes].join('\n\n');
}

function changeDetails(change: ChangeReport, detail: Detail): string {
  const name = change.identifier ?? change.file;
  const summary = `<summary><code>${html(name)}</code> — ${KIND_LABEL[change.kind]} · ${html(samplesCell(change))}</summary>`;
  const body: string[] = [];
  if (!change.valid && change.kind !== 'removed') {
    body.push('The definition has errors (listed above), so it was not previewed.');
  }
  if (detail < 2 && change.diff)
    body.push(`**Diff** (base → head)\n\n${codeBlock('diff', change.diff)}`);
  for (const preview of change.previews) body.push(previewSection(preview, detail));
  return `<details>\n${summary}\n\n${body.join('\n\n')}\n\n</details>`;
}

function previewSection(preview: SamplePreview, detail: Detail): string {
  const label = !preview.synthetic
    ? code(preview.sample)
    : preview.subject === 'inputs'
      ? `${preview.sample} _(synthetic: each input's default, first enum value or a placeholder)_`
      : `${preview.sample} _(synthetic: no sample event fits this trigger)_`;
  const verdict = preview.matched
    ? '✅ matches'
    : `⏭️ does not match: ${cell(preview.reason ?? '')}`;
  const lines = [`**Sample** ${label} — ${verdict}`];
  if (preview.conditions.length) {
    const rows = preview.conditions.map((c, i) => [
      String(i + 1),
      code(c.expression),
      c.error ? `error: ${cell(c.error)}` : code(shortJson(c.value)),
      c.passed ? '✅' : '❌',
    ]);
    lines.push(
      `Conditions (${preview.combinator ?? 'and'}):\n\n${table(['#', 'Expression', 'Value', ''], rows)}`,
    );
  }
  for (const error of preview.errors)
    lines.push(`❌ render error at ${code(error.path)}: ${cell(error.message)}`);
  lines.push(requestSection(preview.request, detail));
  return lines.join('\n\n');
}

function footer(runUrl: string | undefined): string {
  return runUrl
    ? `<sub>switchyard · [workflow run](${runUrl}) · the job summary holds the same report</sub>`
    : '<sub>switchyard</sub>';
}
