import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createJqEngine } from '../../../core/jq/create-jq-engine.js';
import { validateDefinitions } from '../../../core/definitions/validate-definitions.js';

const FOLDER = join(import.meta.dirname, '../../fixtures/port-format');
const jq = createJqEngine();
afterAll(() => jq.close());

const examples = readdirSync(FOLDER)
  .filter((file) => file.endsWith('.json'))
  .sort()
  .map((file) => ({ file, text: readFileSync(join(FOLDER, file), 'utf8') }));

describe('complete definitions in Port format (test/fixtures/port-format)', () => {
  it('cover every automation event type', () => {
    const types = new Set(
      examples.map(
        (e) => (JSON.parse(e.text) as { trigger: { event: { type: string } } }).trigger.event.type,
      ),
    );
    expect([...types].sort()).toEqual([
      'ANY_ENTITY_CHANGE',
      'ANY_RUN_CHANGE',
      'ENTITY_CREATED',
      'ENTITY_DELETED',
      'ENTITY_UPDATED',
      'RUN_CREATED',
      'RUN_UPDATED',
      'TIMER_PROPERTY_EXPIRED',
    ]);
  });
  it.each(examples.map((e) => [e.file, e.text]))(
    '%s validates with no error',
    async (file, text) => {
      const report = await validateDefinitions([{ file, text }], jq);
      expect(report.problems.filter((p) => p.severity === 'error')).toEqual([]);
    },
  );
});
