import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import schema from './definition.schema.json' with { type: 'json' };
import { closestMatch } from './closest-match.js';
import { definitionSchemaHash, newDefinitionSchemaAjv } from './definition-schema-ajv.js';
import { SCHEMA_HASH, validate as precompiled } from './precompiled-definition-schema.js';
import { convertLegacyAction, isLegacyAction, legacyKeysOf } from './legacy-action.js';
import { formatJsonPath, type JsonPath } from './json-path.js';
import type { ParsedSource } from './parsed-source.js';
import type { Problem } from './problem.js';

/** Port backend types switchyard recognises but does not run. */
export const UNSUPPORTED_BACKENDS = ['INTEGRATION_ACTION'];
export const SUPPORTED_BACKENDS = [
  'WEBHOOK',
  'GITHUB',
  'GITLAB',
  'KAFKA',
  'UPSERT_ENTITY',
  'AZURE_DEVOPS',
];

let compiled: ValidateFunction | undefined;

/**
 * The schema's validator: the one precompiled at build time when it was generated from this
 * very schema (start-up skips Ajv's compile), else compiled now.
 */
function validator(): ValidateFunction {
  compiled ??=
    SCHEMA_HASH === definitionSchemaHash()
      ? (precompiled as unknown as ValidateFunction)
      : newDefinitionSchemaAjv().compile(schema);
  return compiled;
}

/** Checks a parsed definition against the definition schema; every problem is located. */
export function validateSchema(source: ParsedSource): Problem[] {
  const { value, locator, file } = source;
  const problems: Problem[] = [];
  const report = (path: JsonPath, message: string, part: 'key' | 'value' = 'value') =>
    problems.push({
      file,
      ...locator.locate(path, part),
      severity: 'error',
      rule: 'schema',
      message,
      path: formatJsonPath(path),
    });

  if (Array.isArray(value) && value.length > 0 && value.every((item) => isLegacyAction(item))) {
    const converted = value.map((item) => convertLegacyAction(item));
    problems.push(legacyProblem(source, [], value[0], converted, value.length));
    return problems;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    report([], `a definition file holds one object, not ${describeValue(value)}`);
    return problems;
  }
  if (isLegacyAction(value)) {
    const at = typeof value.trigger === 'string' ? ['trigger'] : ['userInputs'];
    problems.push(legacyProblem(source, at, value, [convertLegacyAction(value)], 1));
    return problems;
  }
  const backend = (value as { invocationMethod?: { type?: unknown } }).invocationMethod?.type;
  const unsupported = typeof backend === 'string' && UNSUPPORTED_BACKENDS.includes(backend);
  if (unsupported) {
    problems.push({
      file,
      ...locator.locate(['invocationMethod', 'type']),
      severity: 'error',
      rule: 'unsupported-backend',
      message: `backend type ${backend} is not supported by switchyard; use one of ${SUPPORTED_BACKENDS.join(', ')}`,
      path: 'invocationMethod.type',
    });
  }

  const validate = validator();
  if (validate(value)) return problems;
  const seen = new Set<string>();
  for (const error of collapse(validate.errors ?? [])) {
    const path = pointerToPath(error.instancePath);
    if (unsupported && path[0] === 'invocationMethod') continue;
    const issue = describeError(error, path, value);
    if (!issue) continue;
    const key = `${formatJsonPath(issue.path)}\u0000${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    report(issue.path, issue.message, issue.part);
  }
  return problems;
}

/**
 * One problem for a definition in Port's legacy action format, instead of the schema errors
 * it would get: what it is, and the same action in the current format.
 */
function legacyProblem(
  source: ParsedSource,
  path: JsonPath,
  sample: Record<string, unknown>,
  converted: Record<string, unknown>[],
  count: number,
): Problem {
  const what =
    count > 1
      ? `this file holds ${count} actions in Port's legacy action format`
      : `this is an action in Port's legacy action format`;
  const how =
    count > 1
      ? 'Write each in its own file, in the current format:'
      : 'The same action in the current format:';
  const shown = converted.map((definition) => JSON.stringify(definition, null, 2)).join('\n');
  return {
    file: source.file,
    ...source.locator.locate(path, path.length ? 'key' : 'value'),
    severity: 'error',
    rule: 'legacy-action-format',
    message:
      `${what} (${legacyKeysOf(sample).join(', ')}): Port replaced it by ` +
      `"trigger": {"type": "self-service", "operation", "userInputs", "blueprintIdentifier"}, ` +
      `and payloads are now templates (omitUserInputs / omitPayload are gone; set ` +
      `blueprintIdentifier to the blueprint the action belonged to). ${how}\n${shown}\n`,
    path: formatJsonPath(path),
  };
}

/** Drops the branch errors of an `anyOf` in favour of one message about the whole choice. */
function collapse(errors: ErrorObject[]): ErrorObject[] {
  const anyOf = errors.filter((e) => e.keyword === 'anyOf').map((e) => e.schemaPath);
  return errors.filter(
    (e) =>
      e.keyword !== 'if' &&
      !anyOf.some(
        (p) => e.keyword !== 'anyOf' && e.schemaPath.startsWith(p.slice(0, -'anyOf'.length)),
      ),
  );
}

interface Issue {
  path: JsonPath;
  message: string;
  part?: 'key' | 'value';
}

function describeError(error: ErrorObject, path: JsonPath, root: unknown): Issue | undefined {
  const where = formatJsonPath(path) || 'the definition';
  const params = error.params as Record<string, unknown>;
  const actual = valueAt(root, path);
  switch (error.keyword) {
    case 'additionalProperties': {
      const name = String(params.additionalProperty);
      const properties = (error.parentSchema as { properties?: object } | undefined)?.properties;
      // Port's read-only metadata (createdAt…) is accepted but not worth suggesting.
      const allowed = Object.entries(properties ?? {})
        .filter(([k, v]) => k !== '$schema' && !String(v?.description).startsWith('Read-only'))
        .map(([k]) => k);
      const guess = closestMatch(name, allowed);
      const hint = guess ? `did you mean "${guess}"?` : `remove it`;
      return {
        path: [...path, name],
        part: 'key',
        message: `unknown property "${name}" in ${where}: ${hint} (allowed: ${allowed.join(', ')})`,
      };
    }
    case 'required': {
      const missing = String(params.missingProperty);
      const hint =
        missing === 'userInputs'
          ? ': write "userInputs": {"properties": {}, "required": []} for an action without inputs'
          : '';
      return { path, message: `${where} is missing the required property "${missing}"${hint}` };
    }
    case 'type':
      return {
        path,
        message: `${where} must be ${article(String(params.type))}, not ${describeValue(actual)}`,
      };
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map((v) => String(v));
      const guess = typeof actual === 'string' ? closestMatch(actual, allowed) : undefined;
      return {
        path,
        message: `${where} is ${JSON.stringify(actual)}, which is not one of ${allowed.join(', ')}${guess ? `: did you mean "${guess}"?` : ''}`,
      };
    }
    case 'const':
      return {
        path,
        message: `${where} must be ${JSON.stringify(params.allowedValue)}, not ${JSON.stringify(actual)}`,
      };
    case 'pattern':
      if (path.length === 1 && path[0] === 'identifier') {
        return {
          path,
          message: `identifier ${JSON.stringify(actual)} may only contain letters, digits and @ _ . + : = - (and cannot be "." or "..")`,
        };
      }
      return { path, message: `${where} must match the pattern ${String(params.pattern)}` };
    case 'minLength':
      return { path, message: `${where} must not be empty` };
    case 'minItems':
      return { path, message: `${where} must have at least ${String(params.limit)} item(s)` };
    case 'anyOf':
      return { path, message: `${where} must be ${describeChoice(error.schema)}` };
    default:
      return { path, message: `${where} ${error.message ?? 'is invalid'}` };
  }
}

function describeChoice(schema: unknown): string {
  const forms = (schema as Record<string, unknown>[]).map((branch) => {
    if (branch.$ref === '#/$defs/jqQuery') return 'an object {"jqQuery": "<jq>"}';
    if (branch.const !== undefined) return JSON.stringify(branch.const);
    if (branch.type === 'object') {
      const props = Object.entries(
        (branch.properties ?? {}) as Record<string, { enum?: unknown[] }>,
      );
      const inner = props.map(([k, v]) => `${k}: ${v.enum ? v.enum.join('|') : '…'}`).join(', ');
      return `an object {${inner}}`;
    }
    return article(String(branch.type));
  });
  return forms.join(' or ');
}

function article(type: string): string {
  const names = type
    .split(',')
    .map((t) => (t === 'object' || t === 'array' ? `an ${t}` : `a ${t}`));
  return names.join(' or ');
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (value === undefined) return 'nothing';
  return `${typeof value === 'string' ? 'the string' : `the ${typeof value}`} ${JSON.stringify(value)}`;
}

function pointerToPath(pointer: string): JsonPath {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function valueAt(root: unknown, path: JsonPath): unknown {
  let node = root;
  for (const segment of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[segment as string];
  }
  return node;
}
