import type { ActionInputs } from '../parse-inputs.js';

export type ResolvedMode = 'preview' | 'validate' | 'dispatch';

/**
 * `mode: auto` picks by event: pull requests preview, workflow_dispatch with an
 * `automation` input runs it, everything else (push, schedule, ...) validates.
 */
export function resolveMode(
  inputs: Pick<ActionInputs, 'mode' | 'automation'>,
  eventName: string,
): ResolvedMode {
  if (inputs.mode !== 'auto') return inputs.mode;
  if (eventName === 'pull_request' || eventName === 'pull_request_target') return 'preview';
  if (eventName === 'workflow_dispatch' && inputs.automation) return 'dispatch';
  return 'validate';
}
