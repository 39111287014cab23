import type { SelfServiceAction } from '../definitions/definition.js';
import type { JqEngine } from '../jq/jq-engine.js';
import type { InputProblem } from './input-problem.js';
import { resolveDynamicInputs, type InputQueryContext } from './resolve-dynamic-inputs.js';
import { validateActionInputs, type InputValidation } from './validate-action-inputs.js';

/**
 * What executing a self-service action does to its inputs before the run exists: evaluate
 * the `{jqQuery}` `required` and defaults (they see the form, the entity and the user), apply
 * defaults, then check types, formats, enums and required inputs. Used by
 * `POST /v1/actions/{id}/runs` and by `switchyard preview`, so both refuse the same inputs.
 */
export async function checkActionInputs(
  action: SelfServiceAction,
  inputs: unknown,
  context: Omit<InputQueryContext, 'inputs'>,
  jq: JqEngine,
): Promise<InputValidation> {
  const given = isObject(inputs) ? inputs : {};
  const dynamic = await resolveDynamicInputs(action, { ...context, inputs: given }, jq);
  const checked = validateActionInputs(action, inputs, dynamic.options);
  const problems: InputProblem[] = [...dynamic.problems, ...(checked.ok ? [] : checked.problems)];
  if (checked.ok && problems.length === 0) return checked;
  return { ok: false, problems };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
