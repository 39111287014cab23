import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type * as Ajv from 'ajv/dist/2020.js';
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

/**
 * A new Ajv compiling the definition schema (what the precompiled validator replaces). Ajv
 * loads only here, when asked: loading it costs a cold `switchyard validate` some 40 ms, and
 * the precompiled validator needs none of it.
 */
export function newDefinitionSchemaAjv(source = false): Ajv.Ajv2020 {
  let ajv: typeof Ajv;
  try {
    ajv = createRequire(import.meta.url)('ajv/dist/2020.js') as typeof Ajv;
  } catch (error) {
    throw new Error(
      `the precompiled definition schema does not match definition.schema.json and Ajv cannot be loaded to compile it (${(error as Error).message}): run npm run generate:schema-validator`,
      { cause: error },
    );
  }
  return new ajv.Ajv2020({ ...DEFINITION_SCHEMA_OPTIONS, code: { source, esm: true } });
}
