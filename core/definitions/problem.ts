/** One finding about a definition file, located at `file:line:column` (1-based). */
export interface Problem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly severity: 'error' | 'warning';
  /** Stable rule id, e.g. `duplicate-identifier`. */
  readonly rule: string;
  readonly message: string;
  /** JSON path inside the definition, e.g. `trigger.event.type`, when there is one. */
  readonly path?: string;
}

export function compareProblems(a: Problem, b: Problem): number {
  return (
    (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
    a.line - b.line ||
    a.column - b.column ||
    (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0)
  );
}
