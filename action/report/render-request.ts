import type { RequestPlan } from '../../core/backends/plan/request-plan.js';
import { codeBlock } from './markdown.js';

/** How much a report shows, from everything (0) to the bare summary (4); see `fitReport`. */
export type Detail = 0 | 1 | 2 | 3 | 4;

/**
 * The request a backend would get, as JSON (without `bodyText`, which repeats the body);
 * at detail ≥ 1 the payload (body, inputs, variables or message value) is left out.
 */
export function requestSection(request: RequestPlan, detail: Detail): string {
  const shown: Record<string, unknown> = { ...request };
  delete shown.bodyText;
  if (detail >= 1) {
    for (const key of ['body', 'inputs', 'variables', 'value']) {
      if (key in shown) shown[key] = '(omitted)';
    }
  }
  return `Request (secrets masked):\n\n${codeBlock('json', JSON.stringify(shown, null, 2))}`;
}
