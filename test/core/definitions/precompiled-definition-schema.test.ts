import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import schema from '../../../core/definitions/definition.schema.json' with { type: 'json' };
import {
  definitionSchemaHash,
  newDefinitionSchemaAjv,
} from '../../../core/definitions/definition-schema-ajv.js';
import {
  SCHEMA_HASH,
  validate as precompiled,
} from '../../../core/definitions/precompiled-definition-schema.js';
import {
  definitionSchemaCode,
  PRECOMPILED_PATH,
} from '../../../scripts/generate-schema-validator.js';

const samples: unknown[] = [
  {
    identifier: 'ok',
    trigger: { type: 'automation', event: { type: 'ENTITY_UPDATED', blueprintIdentifier: 'b' } },
    invocationMethod: { type: 'WEBHOOK', url: 'https://x.example.com' },
    publish: true,
  },
  { identifier: 'x', trigger: { type: 'automaton' }, invocationMethod: { type: 'WEBHOOK' } },
  { identifier: 7, trigger: {}, invocationMethod: { type: 'GITHUB', org: 1 }, extra: true },
  [],
];

describe('the precompiled definition schema validator', () => {
  it('is generated from the current schema: run npm run generate:schema-validator if not', () => {
    expect(SCHEMA_HASH).toBe(definitionSchemaHash());
    expect(readFileSync(PRECOMPILED_PATH, 'utf8')).toBe(definitionSchemaCode());
  });

  it('gives the same verdicts and errors as the schema compiled at run time', () => {
    const compiled = newDefinitionSchemaAjv().compile(schema);
    const fast = precompiled as unknown as typeof compiled;
    for (const sample of samples) {
      expect(fast(sample)).toBe(compiled(sample));
      expect(fast.errors ?? null).toEqual(compiled.errors ?? null);
    }
    expect(compiled(samples[1])).toBe(false);
  });
});
