import { describe, expect, it } from 'vitest';
import { parseDefinitionSource } from '../../../core/definitions/parse-definition-source.js';
import { validateSchema } from '../../../core/definitions/validate-schema.js';
import { definitionJson, positionOf } from '../../helpers/definition-text.js';

function schemaProblems(text: string, file = 'a.json') {
  return validateSchema(parseDefinitionSource(file, text));
}

describe('validateSchema', () => {
  it('accepts the base automation', () => {
    expect(schemaProblems(definitionJson())).toEqual([]);
  });
  it('reports an unknown property at its key, suggesting the near name', () => {
    const text = definitionJson({ publsh: true });
    const [problem, ...rest] = schemaProblems(text);
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({
      rule: 'schema',
      ...positionOf(text, '"publsh"'),
      path: 'publsh',
    });
    expect(problem!.message).toContain('did you mean "publish"?');
  });
  it('reports a missing required property at the object', () => {
    const text = definitionJson({ invocationMethod: { type: 'GITHUB', org: 'a', repo: 'b' } });
    const problems = schemaProblems(text);
    expect(problems.map((p) => [p.line, p.column, p.message])).toEqual([
      [
        positionOf(text, '{\n    "type": "GITHUB"').line,
        positionOf(text, '{\n    "type": "GITHUB"').column,
        'invocationMethod is missing the required property "workflow"',
      ],
    ]);
  });
  it('reports a wrong event type with the allowed values and a suggestion', () => {
    const text = definitionJson({
      trigger: { type: 'automation', event: { type: 'ENTITY_UPDATE', blueprintIdentifier: 's' } },
    });
    const problems = schemaProblems(text);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject(positionOf(text, '"ENTITY_UPDATE"'));
    expect(problems[0]!.message).toContain('did you mean "ENTITY_UPDATED"?');
  });
  it('checks the fields of the chosen backend only', () => {
    const text = definitionJson({
      invocationMethod: { type: 'KAFKA', payload: { a: 1 }, url: 'https://x' },
    });
    const problems = schemaProblems(text);
    expect(problems.map((p) => p.path)).toEqual(['invocationMethod.url']);
  });
  it('reports a wrong type with what was found', () => {
    const text = definitionJson({ publish: 'yes' });
    expect(schemaProblems(text)[0]!.message).toBe(
      'publish must be a boolean, not the string "yes"',
    );
  });
  it('reports a bad identifier', () => {
    const text = definitionJson({ identifier: 'has space' });
    expect(schemaProblems(text)[0]).toMatchObject({
      path: 'identifier',
      ...positionOf(text, '"has space"'),
    });
  });
  it('describes a choice once, not branch by branch', () => {
    const text = definitionJson({ requiredApproval: { type: 'SOME' } });
    const problems = schemaProblems(text);
    expect(problems.map((p) => p.message)).toEqual([
      'requiredApproval must be a boolean or an object {type: ANY|ALL}',
    ]);
  });
  it('refuses a file that is not one object', () => {
    expect(schemaProblems('[1, 2]')[0]!.message).toBe(
      'a definition file holds one object, not an array',
    );
  });
  it('validates self-service inputs', () => {
    const text = definitionJson({
      trigger: {
        type: 'self-service',
        operation: 'DAY-2',
        userInputs: { properties: { when: { type: 'string', format: 'datetime' } } },
      },
    });
    const problems = schemaProblems(text);
    expect(problems.map((p) => p.path)).toEqual(['trigger.userInputs.properties.when.format']);
    expect(problems[0]!.message).toContain('did you mean "date-time"?');
  });
});

/** Port's AZURE_DEVOPS invocation method (Port's API schema: type, webhook, org required; payload object or array). */
describe('validateSchema: AZURE_DEVOPS', () => {
  const azure = (method: Record<string, unknown>) =>
    definitionJson({ invocationMethod: { type: 'AZURE_DEVOPS', ...method } });
  it("accepts Port's documented shape, with or without a payload", () => {
    expect(
      schemaProblems(
        azure({
          webhook: 'port_trigger',
          org: 'port-labs',
          payload: {
            '{{ spreadValue() }}': '{{ .inputs }}',
            port_context: { runId: '{{.run.id}}' },
          },
        }),
      ),
    ).toEqual([]);
    expect(schemaProblems(azure({ webhook: 'port_trigger', org: 'port-labs' }))).toEqual([]);
    expect(schemaProblems(azure({ webhook: 'w', org: 'o', payload: [1, 2] }))).toEqual([]);
  });
  it('reports a missing org at the invocation method', () => {
    const text = azure({ webhook: 'port_trigger' });
    expect(schemaProblems(text).map((p) => [p.path, p.message])).toEqual([
      ['invocationMethod', 'invocationMethod is missing the required property "org"'],
    ]);
  });
  it("reports a field of another backend at its key, listing AZURE_DEVOPS's fields", () => {
    const text = azure({ webhook: 'w', org: 'o', url: 'https://dev.azure.com' });
    const problems = schemaProblems(text);
    expect(problems.map((p) => p.path)).toEqual(['invocationMethod.url']);
    expect(problems[0]).toMatchObject(positionOf(text, '"url"'));
    expect(problems[0]!.message).toContain('allowed: type, webhook, org, payload');
  });
  it('reports a payload that is a string', () => {
    const problems = schemaProblems(azure({ webhook: 'w', org: 'o', payload: '{{ .inputs }}' }));
    expect(problems.map((p) => p.message)).toEqual([
      'invocationMethod.payload must be an object or an array, not the string "{{ .inputs }}"',
    ]);
  });
});
