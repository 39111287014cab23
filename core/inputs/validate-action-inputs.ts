import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { SelfServiceAction } from '../definitions/definition.js';
import { describeInputErrors } from './describe-input-errors.js';
import type { InputProblem } from './input-problem.js';
import { isDynamicValue } from './is-dynamic-value.js';
import { userInputsSchema } from './user-inputs-schema.js';

/** Port formats with no JSON Schema meaning: any string is accepted. */
export const PORT_STRING_FORMATS = [
  'entity',
  'user',
  'team',
  'yaml',
  'markdown',
  'multi-line',
  'labeled-url',
  'proto',
] as const;

export interface ValidateInputsOptions {
  /** The required inputs, when the action's `required` is a `{jqQuery}` the caller evaluated. */
  readonly required?: readonly string[];
  /** Defaults the caller evaluated (`{jqQuery}` defaults); they win over static ones. */
  readonly defaults?: Readonly<Record<string, unknown>>;
}

export type InputValidation =
  | { readonly ok: true; readonly properties: Record<string, unknown> }
  | { readonly ok: false; readonly problems: InputProblem[] };

let shared: Ajv2020 | undefined;
const cache = new WeakMap<SelfServiceAction, Map<string, ValidateFunction>>();

/**
 * Checks the inputs of a self-service run against the action's `userInputs`: each input's
 * `default` is applied to a missing input first, then the values must match the inputs'
 * types, formats and enums, every required input must be there and no other key may be.
 * Pure: the given object is not changed; `properties` is a new object with the defaults.
 */
export function validateActionInputs(
  action: SelfServiceAction,
  inputs: unknown,
  options: ValidateInputsOptions = {},
): InputValidation {
  if (inputs === null || typeof inputs !== 'object' || Array.isArray(inputs)) {
    return { ok: false, problems: [{ path: [], message: 'must be an object of input values' }] };
  }
  const declared = action.trigger.userInputs.properties;
  const properties: Record<string, unknown> = { ...(inputs as Record<string, unknown>) };
  for (const [name, input] of Object.entries(declared)) {
    if (properties[name] !== undefined) continue;
    const fallback = options.defaults?.[name] ?? input.default;
    if (fallback !== undefined && !isDynamicValue(fallback)) {
      properties[name] = structuredClone(fallback);
    }
  }
  for (const [name, value] of Object.entries(properties)) {
    // JSON has no undefined; a caller passing one means "not given".
    if (value === undefined) delete properties[name];
  }
  const validate = validatorFor(action, options.required ?? staticRequired(action));
  if (validate(properties)) return { ok: true, properties };
  return {
    ok: false,
    problems: describeInputErrors(validate.errors ?? [], Object.keys(declared)),
  };
}

function staticRequired(action: SelfServiceAction): readonly string[] {
  const required = action.trigger.userInputs.required;
  return Array.isArray(required) ? required : [];
}

/** Compiled once per definition object and required list; a reloaded definition compiles anew. */
function validatorFor(action: SelfServiceAction, required: readonly string[]): ValidateFunction {
  let byRequired = cache.get(action);
  if (byRequired === undefined) {
    byRequired = new Map();
    cache.set(action, byRequired);
  }
  const key = JSON.stringify([...required].sort());
  let validate = byRequired.get(key);
  if (validate === undefined) {
    const ajv = sharedAjv();
    const schema = userInputsSchema(action, required);
    validate = ajv.compile(schema);
    // ajv keeps every compiled schema in a strong cache; the WeakMap above is the cache here.
    ajv.removeSchema(schema);
    byRequired.set(key, validate);
  }
  return validate;
}

function sharedAjv(): Ajv2020 {
  if (shared !== undefined) return shared;
  const ajv = new Ajv2020({ allErrors: true, strict: false, allowUnionTypes: true, logger: false });
  addFormats.default(ajv, ['date-time', 'date', 'time', 'email', 'ipv4', 'ipv6', 'uuid', 'uri']);
  // ajv-formats' `url` refuses private addresses and hosts without a dot (localhost), which a
  // self-hosted runner's users pass; any absolute http(s) URL is a url here.
  ajv.addFormat('url', { type: 'string', validate: isHttpUrl });
  for (const format of PORT_STRING_FORMATS) ajv.addFormat(format, true);
  shared = ajv;
  return ajv;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}
