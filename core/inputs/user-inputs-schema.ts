import type { SelfServiceAction } from '../definitions/definition.js';

/** JSON Schema keywords a Port user input may carry; everything else (title, icon, blueprint, dataset, visible, …) is UI. */
const SCHEMA_KEYWORDS = [
  'type',
  'format',
  'enum',
  'pattern',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minItems',
  'maxItems',
  'uniqueItems',
] as const;

type JsonSchema = Record<string, unknown>;

/**
 * The JSON Schema of an action's inputs: one property per user input, `required` as given
 * (the caller resolves a `{jqQuery}` one), and no other property allowed.
 */
export function userInputsSchema(
  action: SelfServiceAction,
  required: readonly string[],
): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const [name, input] of Object.entries(action.trigger.userInputs.properties)) {
    properties[name] = inputSchema(input);
  }
  return {
    type: 'object',
    properties,
    required: [...new Set(required)],
    additionalProperties: false,
  };
}

/** One input as JSON Schema: its schema keywords, with `items` and `properties` converted alike. */
function inputSchema(input: unknown): JsonSchema {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return {};
  const source = input as Record<string, unknown>;
  const schema: JsonSchema = {};
  for (const keyword of SCHEMA_KEYWORDS) {
    if (source[keyword] !== undefined) schema[keyword] = source[keyword];
  }
  if (isObject(source.items)) schema.items = inputSchema(source.items);
  if (isObject(source.properties)) {
    const properties: Record<string, JsonSchema> = {};
    for (const [name, nested] of Object.entries(source.properties)) {
      properties[name] = inputSchema(nested);
    }
    schema.properties = properties;
    if (Array.isArray(source.required) && source.required.every((r) => typeof r === 'string')) {
      schema.required = source.required;
    }
  }
  return schema;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
