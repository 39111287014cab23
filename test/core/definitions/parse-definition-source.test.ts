import { describe, expect, it } from 'vitest';
import { parseDefinitionSource } from '../../../core/definitions/parse-definition-source.js';
import type { JsonPath } from '../../../core/definitions/json-path.js';

const yaml = [
  '# yaml-language-server: $schema=../core/definitions/definition.schema.json',
  'identifier: ttl_cleanup',
  'trigger:',
  '  type: automation',
  '  event:',
  '    type: TIMER_PROPERTY_EXPIRED',
  '    blueprintIdentifier: environment',
  'invocationMethod:',
  '  type: WEBHOOK',
  '  url: https://x.example.com',
  '  body:',
  '    runId: "{{ .run.id }}"',
  '    list:',
  '      - a',
  '      - "{{ .b }}"',
  'publish: true',
  '',
].join('\n');

describe('parseDefinitionSource: YAML', () => {
  const parsed = parseDefinitionSource('a.yaml', yaml);

  it('parses the value', () => {
    expect(parsed.problems).toEqual([]);
    expect(parsed.value).toMatchObject({ identifier: 'ttl_cleanup', publish: true });
  });
  it('locates scalar values and keys by path', () => {
    expect(parsed.locator.locate(['identifier'])).toEqual({ line: 2, column: 13 });
    expect(parsed.locator.locate(['invocationMethod', 'body', 'runId'])).toEqual({
      line: 12,
      column: 12,
    });
    expect(parsed.locator.locate(['invocationMethod', 'body', 'runId'], 'key')).toEqual({
      line: 12,
      column: 5,
    });
    expect(parsed.locator.locate(['invocationMethod', 'body', 'list', 1])).toEqual({
      line: 15,
      column: 9,
    });
  });
  it('locates a block mapping at its key, the line people read', () => {
    expect(parsed.locator.locate(['trigger', 'event'])).toEqual({ line: 5, column: 3 });
  });
  it('falls back to the nearest existing ancestor for a missing path', () => {
    expect(parsed.locator.locate(['trigger', 'event', 'propertyIdentifier'])).toEqual({
      line: 5,
      column: 3,
    });
  });
  it('reports a syntax error at its line and column', () => {
    const broken = parseDefinitionSource(
      'b.yml',
      'identifier: x\ntrigger:\n  type: [automation\nfoo: 1\n',
    );
    expect(broken.value).toBeUndefined();
    expect(broken.problems).toHaveLength(1);
    expect(broken.problems[0]).toMatchObject({
      file: 'b.yml',
      line: 4,
      column: 1,
      rule: 'syntax',
      severity: 'error',
    });
  });
  it('reports duplicate keys', () => {
    const duplicate = parseDefinitionSource('d.yaml', 'identifier: a\ntitle: x\nidentifier: b\n');
    expect(duplicate.problems.map((p) => [p.rule, p.line, p.column])).toEqual([
      ['duplicate-key', 3, 1],
    ]);
  });
  it('refuses a second YAML document', () => {
    const two = parseDefinitionSource('t.yaml', 'identifier: a\n---\nidentifier: b\n');
    expect(two.problems.map((p) => [p.rule, p.line])).toEqual([['syntax', 2]]);
    expect(two.problems[0]!.message).toContain('one definition per file');
  });
});

describe('parseDefinitionSource: JSON', () => {
  it('reports a trailing comma where it is', () => {
    const parsed = parseDefinitionSource('a.json', '{\n  "identifier": "a",\n  "title": "b",\n}\n');
    expect(parsed.value).toBeUndefined();
    expect(parsed.problems.map((p) => [p.rule, p.line, p.column])).toEqual([['syntax', 4, 1]]);
    expect(parsed.problems[0]!.message).toContain('trailing comma');
  });
  it('reports a comment as a syntax error with a way out', () => {
    const parsed = parseDefinitionSource('a.json', '{\n  // note\n  "identifier": "a"\n}\n');
    expect(parsed.problems.map((p) => [p.line, p.column])).toEqual([[2, 3]]);
    expect(parsed.problems[0]!.message).toContain('YAML');
  });
  it('reports an unterminated string', () => {
    const parsed = parseDefinitionSource('a.json', '{\n  "identifier": "a\n}\n');
    expect(parsed.problems[0]).toMatchObject({ line: 2, rule: 'syntax' });
  });
  it('reports duplicate keys and keeps JSON.parse semantics for the value', () => {
    const parsed = parseDefinitionSource(
      'a.json',
      '{\n  "identifier": "a",\n  "identifier": "b"\n}\n',
    );
    expect(parsed.problems.map((p) => [p.rule, p.line, p.column])).toEqual([
      ['duplicate-key', 3, 3],
    ]);
    expect(parsed.value).toEqual({ identifier: 'b' });
  });
  it('keeps __proto__ as a plain key', () => {
    const parsed = parseDefinitionSource('a.json', '{"__proto__": {"x": 1}}');
    expect(Object.keys(parsed.value as object)).toEqual(['__proto__']);
    expect(({} as { x?: number }).x).toBeUndefined();
  });
  it('locates keys and values', () => {
    const parsed = parseDefinitionSource('a.json', '{\n  "a": {\n    "b": [1, "x"]\n  }\n}');
    expect(parsed.locator.locate(['a', 'b', 1])).toEqual({ line: 3, column: 14 });
    expect(parsed.locator.locate(['a', 'b'], 'key')).toEqual({ line: 3, column: 5 });
    expect(parsed.locator.locate(['a', 'missing'])).toEqual({ line: 2, column: 8 });
  });
  it('ignores a byte order mark', () => {
    const parsed = parseDefinitionSource('a.json', '\ufeff{"identifier": "a"}');
    expect(parsed.problems).toEqual([]);
  });
});

describe('parseDefinitionSource: empty files', () => {
  it.each([
    ['empty.yaml', ''],
    ['comment.yaml', '# only a comment\n'],
    ['empty.json', ''],
    ['blank.json', '  \n'],
  ])('reports %s as holding no definition', (file, text) => {
    const parsed = parseDefinitionSource(file, text);
    expect(parsed.value).toBeUndefined();
    expect(parsed.problems.map((p) => [p.rule, p.line, p.column])).toEqual([['syntax', 1, 1]]);
  });
});

describe('parseDefinitionSource: hostile files (regression, chaos suite figure 4)', () => {
  it('refuses 100,000-deep JSON with a located error instead of overflowing the stack', () => {
    const text = `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`;
    const parsed = parseDefinitionSource('deep.json', text);
    expect(parsed.value).toBeUndefined();
    expect(parsed.problems).toEqual([
      expect.objectContaining({
        file: 'deep.json',
        line: 1,
        column: 1281,
        rule: 'syntax',
        message: expect.stringContaining('nested more than 256 levels'),
      }),
    ]);
  });

  it('refuses deep YAML flow nesting the same way, counting no bracket inside a string', () => {
    const parsed = parseDefinitionSource(
      'deep.yaml',
      `a: "[[[["\nb: ${'['.repeat(50_000)}${']'.repeat(50_000)}\n`,
    );
    expect(parsed.problems).toEqual([
      expect.objectContaining({
        line: 2,
        column: 260,
        message: expect.stringContaining('nested more than 256 levels'),
      }),
    ]);
  });

  it('refuses a file over 1 MiB before parsing it', () => {
    const parsed = parseDefinitionSource(
      'huge.json',
      JSON.stringify({ identifier: 'x', description: 'x'.repeat(1 << 20) }),
    );
    expect(parsed.problems).toEqual([
      expect.objectContaining({
        line: 1,
        column: 1,
        message: expect.stringContaining('more than 1048576 (1 MiB)'),
      }),
    ]);
  });
});

describe('parseDefinitionSource: locator after release', () => {
  const json = '{\n  "identifier": "a",\n  "trigger": {\n    "type": "automation"\n  }\n}\n';
  const yaml = 'identifier: a\ntrigger:\n  type: automation\n  event:\n    - x\n';
  it.each([
    ['a.json', json, { line: 4, column: 13 }],
    ['a.yaml', yaml, { line: 3, column: 9 }],
  ])('%s: locates the same places after letting go of its parse tree', (file, text, at) => {
    const parsed = parseDefinitionSource(file, text);
    const paths: [JsonPath, 'key' | 'value'][] = [
      [['trigger', 'type'], 'value'],
      [['trigger', 'type'], 'key'],
      [['identifier'], 'value'],
      [['trigger'], 'value'],
      [['missing', 'deeper'], 'value'],
    ];
    const before = paths.map(([path, part]) => parsed.locator.locate(path, part));
    expect(before[0]).toEqual(at);
    expect(new Set(before.map((p) => `${p.line}:${p.column}`)).size).toBeGreaterThan(2);
    parsed.locator.release?.();
    expect(paths.map(([path, part]) => parsed.locator.locate(path, part))).toEqual(before);
  });
});
