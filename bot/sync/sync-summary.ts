import type { DefinitionChange } from '../../core/definitions/diff-definitions.js';
import { formatProblem } from '../../core/definitions/format-problem.js';
import type { Problem } from '../../core/definitions/problem.js';

/** What a sync did, as the check run shows it. */
export interface SyncReport {
  readonly repository: string;
  readonly sha: string;
  readonly path: string;
  readonly activated: boolean;
  /** Definitions in the set now active (the new one, or the kept one). */
  readonly active: number;
  readonly changes: readonly DefinitionChange[];
  readonly problems: readonly Problem[];
  /** The path did not exist at the commit. */
  readonly absent?: boolean;
}

export type ChangeVerb = 'created' | 'updated' | 'deleted';

export function verbOf(change: DefinitionChange): ChangeVerb {
  return change.kind === 'added' ? 'created' : change.kind === 'removed' ? 'deleted' : 'updated';
}

/** The `repository:identifier` names of the changes, by verb. */
export type ChangedNames = Readonly<Record<ChangeVerb, string[]>>;

export function changedNames(
  repository: string,
  changes: readonly DefinitionChange[],
): ChangedNames {
  const names = (verb: ChangeVerb) =>
    changes
      .filter((c) => verbOf(c) === verb && c.identifier)
      .map((c) => `${repository}:${c.identifier}`);
  return { created: names('created'), updated: names('updated'), deleted: names('deleted') };
}

/** Check-run output: a one-line title and a Markdown summary of the changes and the errors. */
export function syncSummary(report: SyncReport): { title: string; summary: string } {
  const errors = report.problems.filter((p) => p.severity === 'error');
  const warnings = report.problems.length - errors.length;
  const count = (verb: ChangeVerb) => report.changes.filter((c) => verbOf(c) === verb).length;
  const tally = `${count('created')} created, ${count('updated')} updated, ${count('deleted')} deleted`;
  const title = report.activated
    ? `${report.active} definition(s) active: ${tally}`
    : `${errors.length} error(s): the previous set of ${report.active} definition(s) stays active`;
  const lines = [
    report.activated
      ? `Synced \`${report.path}\` at \`${report.sha.slice(0, 7)}\`: ${report.active} definition(s) active (${tally}${warnings ? `, ${warnings} warning(s)` : ''}).`
      : `\`${report.path}\` at \`${report.sha.slice(0, 7)}\` has ${errors.length} error(s), so nothing changed: the last good set stays active. Had it been valid: ${tally}.`,
  ];
  if (report.absent) lines.push('', `There is no \`${report.path}\` at this commit.`);
  if (report.changes.length) {
    lines.push('', '| change | automation | file |', '| --- | --- | --- |');
    for (const change of report.changes) {
      const name = change.identifier ? `\`${report.repository}:${change.identifier}\`` : '—';
      const note =
        change.kind === 'enabled' || change.kind === 'disabled' || change.kind === 'moved'
          ? ` (${change.kind})`
          : '';
      const file = change.previousFile
        ? `\`${change.previousFile}\` → \`${change.file}\``
        : `\`${change.file}\``;
      lines.push(`| ${verbOf(change)}${note} | ${name} | ${file} |`);
    }
  }
  if (report.problems.length) {
    lines.push('', '```');
    const shown = report.problems.slice(0, 200);
    lines.push(...shown.map(formatProblem));
    if (report.problems.length > shown.length)
      lines.push(`… and ${report.problems.length - shown.length} more`);
    lines.push('```');
  }
  let summary = lines.join('\n');
  if (summary.length > 65_000) summary = `${summary.slice(0, 64_000)}\n\n… (truncated)\n`;
  return { title, summary };
}

export interface CheckAnnotation {
  readonly path: string;
  readonly start_line: number;
  readonly end_line: number;
  readonly start_column: number;
  readonly end_column: number;
  readonly annotation_level: 'failure' | 'warning';
  readonly title: string;
  readonly message: string;
}

/** One annotation per problem, at its file and line. */
export function annotationsOf(problems: readonly Problem[]): CheckAnnotation[] {
  return problems.map((p) => ({
    path: p.file,
    start_line: p.line,
    end_line: p.line,
    start_column: p.column,
    end_column: p.column,
    annotation_level: p.severity === 'error' ? 'failure' : 'warning',
    title: p.rule,
    message: p.message,
  }));
}
