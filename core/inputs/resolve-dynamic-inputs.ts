import type { SelfServiceAction } from '../definitions/definition.js';
import type { JqEngine } from '../jq/jq-engine.js';
import type { InputProblem } from './input-problem.js';
import { isDynamicValue } from './is-dynamic-value.js';
import type { ValidateInputsOptions } from './validate-action-inputs.js';

/** What a `{jqQuery}` in `userInputs` sees: the form as filled so far, the entity, the user. */
export interface InputQueryContext {
  readonly inputs: Readonly<Record<string, unknown>>;
  readonly entity?: unknown;
  readonly user?: unknown;
}

export interface DynamicInputs {
  /** Pass to `validateActionInputs`. */
  readonly options: ValidateInputsOptions;
  /** Queries that failed or gave a value of the wrong shape (the definition's fault). */
  readonly problems: InputProblem[];
}

/**
 * Evaluates the `{jqQuery}` parts of an action's inputs that decide validation: a dynamic
 * `required` (must give an array of input names) and dynamic `default`s of inputs not given.
 * jq sees `{form, entity, user}` as Port's form does. Nothing to evaluate → no jq call.
 */
export async function resolveDynamicInputs(
  action: SelfServiceAction,
  context: InputQueryContext,
  jq: JqEngine,
): Promise<DynamicInputs> {
  const { properties, required } = action.trigger.userInputs;
  const queries: { kind: 'required' | 'default'; name: string; expression: string }[] = [];
  if (isDynamicValue(required)) {
    queries.push({ kind: 'required', name: '', expression: required.jqQuery });
  }
  const form: Record<string, unknown> = {};
  for (const [name, input] of Object.entries(properties)) {
    const given = context.inputs[name];
    if (given !== undefined) form[name] = given;
    else if (isDynamicValue(input.default)) {
      queries.push({ kind: 'default', name, expression: input.default.jqQuery });
    } else if (input.default !== undefined) form[name] = input.default;
  }
  if (queries.length === 0) return { options: {}, problems: [] };

  const outcomes = await jq.evaluate(
    { form, entity: context.entity ?? null, user: context.user ?? null },
    queries.map((query) => query.expression),
  );
  const problems: InputProblem[] = [];
  const defaults: Record<string, unknown> = {};
  let requiredNames: string[] | undefined;
  queries.forEach((query, i) => {
    const outcome = outcomes[i];
    const where = query.kind === 'required' ? 'the required inputs query' : 'its default query';
    if (outcome === undefined || !outcome.ok) {
      const reason = outcome === undefined || outcome.ok ? 'no result' : outcome.message;
      problems.push({
        path: query.kind === 'required' ? [] : [query.name],
        message: `${where} failed: ${reason}`,
      });
      return;
    }
    if (query.kind === 'default') {
      if (outcome.value !== undefined && outcome.value !== null)
        defaults[query.name] = outcome.value;
      return;
    }
    const value = outcome.value;
    if (Array.isArray(value) && value.every((item) => typeof item === 'string')) {
      requiredNames = value;
    } else {
      problems.push({ path: [], message: `${where} must give an array of input names` });
    }
  });
  return {
    options: { ...(requiredNames === undefined ? {} : { required: requiredNames }), defaults },
    problems,
  };
}
