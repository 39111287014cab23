import type { RequestPlan, PlanError } from '../../core/backends/plan/request-plan.js';
import type { DefinitionChangeKind } from '../../core/definitions/diff-definitions.js';
import type { Problem } from '../../core/definitions/problem.js';
import type { ConditionResult } from '../../core/match/evaluate-conditions.js';

/** Everything one Action run found: written as JSON (output `report`) and rendered as markdown. */
export interface ActionReport {
  readonly mode: 'preview' | 'validate' | 'dispatch';
  /** No errors (and, with `strict`, no warnings). */
  readonly valid: boolean;
  readonly strict: boolean;
  readonly path: string;
  readonly fileCount: number;
  readonly errorCount: number;
  readonly warningCount: number;
  /** Validation problems of the head definitions, sorted by location. */
  readonly problems: readonly Problem[];
  /** Changed definitions, base → head (preview mode). */
  readonly changes: readonly ChangeReport[];
  /** Render errors found while previewing changed definitions on samples (they fail the check). */
  readonly previewErrorCount: number;
  readonly base?: { readonly sha: string; readonly fetched: number; readonly absent: boolean };
  readonly headSha?: string;
  /** Sentences the reader should see (skipped steps, unreadable sample events...). */
  readonly notes: readonly string[];
  readonly dispatch?: DispatchReport;
}

export interface ChangeReport {
  readonly identifier?: string;
  readonly kind: DefinitionChangeKind;
  readonly file: string;
  readonly previousFile?: string;
  /** The head definition has no error-level problem. */
  readonly valid: boolean;
  /** e.g. `ENTITY_CREATED service`, or `self-service CREATE`. */
  readonly trigger?: string;
  /** `WEBHOOK`, `GITHUB`, `GITLAB` or `KAFKA`. */
  readonly backend?: string;
  /** Base → head, `- path: value` / `+ path: value` lines. */
  readonly diff: string;
  readonly previews: readonly SamplePreview[];
}

export interface SamplePreview {
  /** The sample event file, or a label for a synthetic event or inputs. */
  readonly sample: string;
  /** What the preview ran on: a catalog event (automations) or user inputs (self-service). */
  readonly subject: 'event' | 'inputs';
  readonly synthetic: boolean;
  readonly matched: boolean;
  readonly reason?: string;
  readonly combinator?: 'and' | 'or';
  readonly conditions: readonly ConditionResult[];
  readonly runId: string;
  /** The request the backend would receive, secrets masked. */
  readonly request: RequestPlan;
  readonly errors: readonly PlanError[];
}

export interface DispatchReport {
  readonly identifier: string;
  readonly file: string;
  readonly sample: string;
  readonly runId: string;
  readonly matched: boolean;
  readonly reason?: string;
  readonly dryRun: boolean;
  /** `sent` (backend or bot accepted it), `skipped` (no match, dry run) or `failed`. */
  readonly outcome: 'sent' | 'skipped' | 'failed';
  readonly status?: string;
  readonly via: 'backend' | 'bot';
  readonly request?: RequestPlan;
  readonly errors: readonly PlanError[];
  readonly logs: readonly string[];
  readonly link?: readonly string[];
}
