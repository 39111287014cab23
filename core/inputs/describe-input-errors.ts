import type { ErrorObject } from 'ajv/dist/2020.js';
import type { JsonPath } from '../definitions/json-path.js';
import type { InputProblem } from './input-problem.js';

/**
 * Turns ajv's errors into one problem per reason, located inside the inputs. A type error
 * hides the other errors at the same place (an enum miss on a value of the wrong type says
 * nothing more). `inputNames` lists the action's inputs for unknown-input messages.
 */
export function describeInputErrors(
  errors: readonly ErrorObject[],
  inputNames: readonly string[],
): InputProblem[] {
  const typeErrorAt = new Set(
    errors.filter((error) => error.keyword === 'type').map((error) => error.instancePath),
  );
  const problems: InputProblem[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    if (error.keyword !== 'type' && typeErrorAt.has(error.instancePath)) continue;
    const problem = describe(error, inputNames);
    const key = JSON.stringify(problem);
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
  }
  return problems;
}

function describe(error: ErrorObject, inputNames: readonly string[]): InputProblem {
  const path = pointerToPath(error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return { path: [...path, String(params.missingProperty)], message: 'is required' };
    case 'additionalProperties': {
      const name = String(params.additionalProperty);
      const known =
        inputNames.length === 0 ? 'it has none' : `its inputs are ${inputNames.join(', ')}`;
      return {
        path: [...path, name],
        message:
          path.length === 0 ? `is not an input of this action (${known})` : 'is not allowed here',
      };
    }
    case 'enum': {
      const allowed = Array.isArray(params.allowedValues) ? params.allowedValues : [];
      return {
        path,
        message: `must be one of ${allowed.map((value) => JSON.stringify(value)).join(', ')}`,
      };
    }
    case 'type':
      return { path, message: `must be ${describeType(params.type)}` };
    case 'format':
      return { path, message: `must be a valid ${String(params.format)}` };
    default:
      return { path, message: error.message ?? 'is invalid' };
  }
}

function describeType(type: unknown): string {
  const types = (Array.isArray(type) ? type : String(type).split(',')).map(String);
  return types.map((name) => (/^[aeiou]/.test(name) ? `an ${name}` : `a ${name}`)).join(' or ');
}

/** `/tags/0` → `['tags', 0]`: unescaped; below the input names, digit segments read as indexes. */
function pointerToPath(pointer: string): JsonPath {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((segment, depth) =>
      depth > 0 && /^(0|[1-9]\d*)$/.test(segment) ? Number(segment) : segment,
    );
}
