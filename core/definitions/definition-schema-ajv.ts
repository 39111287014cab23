import { createHash } from 'node:crypto';
import { Ajv2020 } from 'ajv/dist/2020.js';
import schema from './definition.schema.json' with { type: 'json' };

/** Ajv's options for the definition schema, at run time and when precompiled. */
export const DEFINITION_SCHEMA_OPTIONS = {
  allErrors: true,
  verbose: true,
  strict: false,
  allowUnionTypes: true,
} as const;

/** Identifies the schema a precompiled validator was generated from. */
export function definitionSchemaHash(): string {
  return createHash('sha256').update(JSON.stringify(schema)).digest('hex');
}

/** A new Ajv compiling the definition schema (what the precompiled validator replaces). */
export function newDefinitionSchemaAjv(source = false): Ajv2020 {
  return new Ajv2020({ ...DEFINITION_SCHEMA_OPTIONS, code: { source, esm: true } });
}
