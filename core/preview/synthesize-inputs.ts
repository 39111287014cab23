import type { SelfServiceAction, UserInput } from '../definitions/definition.js';

/**
 * Example user inputs for previewing a self-service action: each input's `default`, else
 * its first `enum` value, else a placeholder of its type (`example-<name>`, 1, true, {}, []).
 */
export function synthesizeInputs(action: SelfServiceAction): Record<string, unknown> {
  const inputs: Record<string, unknown> = {};
  for (const [name, input] of Object.entries(action.trigger.userInputs.properties)) {
    inputs[name] = exampleValue(name, input);
  }
  return inputs;
}

function exampleValue(name: string, input: UserInput): unknown {
  if (input.default !== undefined) return input.default;
  if (input.enum && input.enum.length > 0) return input.enum[0];
  switch (input.type) {
    case 'number':
      return 1;
    case 'boolean':
      return true;
    case 'object':
      return {};
    case 'array':
      return [];
    default:
      return input.format === 'url' ? `https://example.com/${name}` : `example-${name}`;
  }
}
