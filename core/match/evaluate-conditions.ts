import type { JqCondition } from '../definitions/definition.js';
import type { JqOutcome } from '../jq/jq-engine.js';

/** One condition expression's result, as shown in previews, run logs and the API. */
export interface ConditionResult {
  readonly expression: string;
  /** The first output; absent when the expression produced no output or failed. */
  readonly value?: unknown;
  readonly error?: string;
  /** Only an output of exactly `true` passes. */
  readonly passed: boolean;
}

export interface ConditionVerdict {
  readonly passed: boolean;
  readonly combinator: 'and' | 'or';
  readonly results: readonly ConditionResult[];
}

/**
 * Conditions are evaluated against the event object, with an `event` alias pointing at
 * itself so `.event.diff…` works as well as `.diff…` (spec §3).
 */
export function conditionInput(event: object): Record<string, unknown> {
  return { ...event, event };
}

/** Combines already-evaluated outcomes of a condition's expressions (spec §3 semantics). */
export function judgeConditions(
  condition: JqCondition | undefined,
  outcomes: readonly JqOutcome[],
): ConditionVerdict {
  const combinator = condition?.combinator ?? 'and';
  const expressions = condition?.expressions ?? [];
  const results = expressions.map((expression, i): ConditionResult => {
    const outcome = outcomes[i];
    if (!outcome) return { expression, error: 'not evaluated', passed: false };
    if (!outcome.ok) return { expression, error: outcome.message, passed: false };
    return {
      expression,
      ...(outcome.value === undefined ? {} : { value: outcome.value }),
      passed: outcome.value === true,
    };
  });
  const passed =
    results.length === 0 ||
    (combinator === 'or' ? results.some((r) => r.passed) : results.every((r) => r.passed));
  return { passed, combinator, results };
}
