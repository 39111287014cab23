/** A repository the fake knows: its ids, default branch and branch heads. */
export interface FakeRepository {
  readonly id: number;
  readonly owner: { readonly login: string; readonly id: number };
  readonly name: string;
  readonly fullName: string;
  defaultBranch: string;
  readonly branches: Map<string, string>;
}

export interface FakeInstallation {
  readonly id: number;
  readonly account: { readonly login: string; readonly id: number };
  readonly repositories: Set<string>;
}

export interface FakeAnnotation {
  readonly path: string;
  readonly start_line: number;
  readonly end_line: number;
  readonly annotation_level: 'notice' | 'warning' | 'failure';
  readonly message: string;
  readonly title?: string;
  readonly start_column?: number;
  readonly end_column?: number;
}

export interface FakeCheckRun {
  readonly id: number;
  readonly repository: string;
  name: string;
  head_sha: string;
  status: string;
  conclusion: string | null;
  output: { title?: string; summary?: string; text?: string };
  annotations: FakeAnnotation[];
  /** How many create/update requests carried annotations. */
  annotationRequests: number;
}

/** A workflow file with `workflow_dispatch`: its declared inputs and its `run-name`. */
export interface FakeWorkflow {
  /** Declared inputs; others are refused with 422 like GitHub does. */
  readonly inputs: readonly string[];
  /** `run-name`, with `${{ inputs.NAME }}` (optionally `|| ''`) and `${{ github.workflow }}`. */
  readonly runName?: string;
}

export interface FakeWorkflowRun {
  readonly id: number;
  readonly repository: string;
  readonly workflow: string;
  name: string;
  display_title: string;
  event: 'workflow_dispatch';
  status: string;
  conclusion: string | null;
  head_branch: string;
  html_url: string;
  run_attempt: number;
  created_at: string;
  /** Not listed before this time (epoch ms): GitHub lists a run a few seconds after dispatch. */
  visibleAt: number;
}

/** `${{ inputs.x }}` / `${{ inputs.x || '' }}` / `${{ github.workflow }}` in a run-name. */
export function renderRunName(
  template: string,
  workflow: string,
  inputs: Readonly<Record<string, unknown>>,
): string {
  return template.replace(/\$\{\{\s*([^}]*?)\s*\}\}/g, (_, expression: string) => {
    const input = /^inputs\.([\w-]+)/.exec(expression);
    if (input) return String(inputs[input[1]!] ?? '');
    if (expression === 'github.workflow') return workflow;
    return '';
  });
}
