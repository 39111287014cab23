import type { ActiveAutomation } from './active-automation.js';
import type { ConditionVerdict } from './evaluate-conditions.js';

/** Whether one automation fires for one event, and why (not). */
export interface MatchDecision {
  readonly automation: ActiveAutomation;
  readonly matched: boolean;
  /** Why it did not match; absent when it matched. */
  readonly reason?: string;
  /** Present once type, selector and publish state matched and the conditions ran. */
  readonly conditions?: ConditionVerdict;
}

/** A one-line reason for failed conditions: which expression failed and with what. */
export function conditionsReason(verdict: ConditionVerdict): string {
  const failed = verdict.results
    .map((result, i) => ({ result, i }))
    .filter(({ result }) => !result.passed)
    .map(({ result, i }) => {
      const got = result.error
        ? `error: ${result.error}`
        : result.value === undefined
          ? 'no output'
          : JSON.stringify(result.value);
      return `#${i + 1} ${result.expression} → ${got}`;
    });
  const rule = verdict.combinator === 'or' ? 'no condition passed' : 'a condition did not pass';
  return `${rule} (combinator ${verdict.combinator}; only true passes): ${failed.join('; ')}`;
}
