import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createJqEngine } from '../../../core/jq/create-jq-engine.js';
import { validateDefinitions } from '../../../core/definitions/validate-definitions.js';

const SHARED = join(import.meta.dirname, '../../../../shared');
const jq = createJqEngine();
afterAll(() => jq.close());

const EVENT_TYPES = /"type":\s*"(ENTITY_|ANY_|TIMER_|RUN_)/;

/** Complete definitions among the JSON code blocks of the spec and the seed pages. */
function completeExamples(): { name: string; text: string }[] {
  const files = [
    join(SHARED, 'spec/port-format.md'),
    ...readdirSync(join(SHARED, 'seeds')).map((f) => join(SHARED, 'seeds', f)),
  ];
  const examples: { name: string; text: string }[] = [];
  for (const file of files) {
    const blocks = readFileSync(file, 'utf8').matchAll(/```json[^\n]*\n([\s\S]*?)```/g);
    let index = 0;
    for (const [, body] of blocks) {
      index++;
      let value: Record<string, unknown>;
      try {
        value = JSON.parse(body!) as Record<string, unknown>;
      } catch {
        continue; // commented or partial snippets are not definitions
      }
      const complete = value.identifier && value.trigger && value.invocationMethod;
      if (complete && EVENT_TYPES.test(body!))
        examples.push({ name: `${file}#${index}`, text: body! });
    }
  }
  return examples;
}

describe('the complete definitions in the spec and the seeds', () => {
  const examples = completeExamples();
  it('are found', () => {
    expect(examples.length).toBeGreaterThan(0);
  });
  it.each(examples.map((e) => [e.name, e.text]))(
    '%s validates with no error',
    async (name, text) => {
      const report = await validateDefinitions([{ file: `${name}.json`, text }], jq);
      expect(report.problems.filter((p) => p.severity === 'error')).toEqual([]);
    },
  );
});
