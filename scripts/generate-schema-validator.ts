/**
 * Writes core/definitions/precompiled-definition-schema.ts from definition.schema.json. Run it
 * after changing the schema (`npm run generate:schema-validator`); a test fails while the file
 * is out of date, and until then the code compiles the schema at run time instead.
 */
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import standaloneCode from 'ajv/dist/standalone/index.js';
import schema from '../core/definitions/definition.schema.json' with { type: 'json' };
import {
  definitionSchemaHash,
  newDefinitionSchemaAjv,
} from '../core/definitions/definition-schema-ajv.js';

export const PRECOMPILED_PATH = 'core/definitions/precompiled-definition-schema.ts';

/**
 * The text of `precompiled-definition-schema.ts`: Ajv's standalone validation code for the
 * definition schema (so `switchyard validate` and the server skip compiling it at start-up),
 * with the hash of the schema it checks. `npm run generate:schema-validator` writes it.
 */
export function definitionSchemaCode(): string {
  const ajv = newDefinitionSchemaAjv(true);
  const code = standaloneCode
    .default(ajv, ajv.compile(schema))
    .replace(/^"use strict";/, '')
    // Ajv's ESM output still requires its run-time helpers; import them instead.
    .replace(
      /require\("ajv\/dist\/runtime\/([a-z0-9]+)"\)\.default/g,
      (_: string, name: string) => `__runtime_${name}`,
    );
  const helpers = [...new Set([...code.matchAll(/__runtime_([a-z0-9]+)/g)].map((m) => m[1]!))];
  if (/require\(/.test(code)) throw new Error('unexpected require() in the standalone code');
  return [
    '/* eslint-disable */',
    '// Generated from definition.schema.json by `npm run generate:schema-validator`: do not edit.',
    '// @ts-nocheck',
    ...helpers.map((name) => `import __runtime_${name}_module from 'ajv/dist/runtime/${name}.js';`),
    // Node gives the CommonJS exports object; bundlers and test runners may give the function.
    ...helpers.map(
      (name) =>
        `const __runtime_${name} = typeof __runtime_${name}_module === 'function' ? __runtime_${name}_module : __runtime_${name}_module.default;`,
    ),
    `export const SCHEMA_HASH = '${definitionSchemaHash()}';`,
    code,
    '',
  ].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeFileSync(PRECOMPILED_PATH, definitionSchemaCode());
  console.log(`wrote ${PRECOMPILED_PATH}`);
}
