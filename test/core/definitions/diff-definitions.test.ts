import { describe, expect, it } from 'vitest';
import {
  diffDefinitions,
  fieldChanges,
  formatDefinitionDiff,
} from '../../../core/definitions/diff-definitions.js';

const definition = (identifier: string, extra: Record<string, unknown> = {}) => ({
  identifier,
  trigger: {
    type: 'automation',
    event: { type: 'ENTITY_CREATED', blueprintIdentifier: 'service' },
  },
  invocationMethod: {
    type: 'WEBHOOK',
    url: 'https://example.com/a',
    body: { id: '{{ .run.id }}' },
  },
  publish: true,
  ...extra,
});

describe('diffDefinitions', () => {
  it('leaves unchanged definitions out', () => {
    const same = { file: 'a.json', value: definition('a') };
    expect(diffDefinitions([same], [{ ...same, value: definition('a') }])).toEqual([]);
  });

  it('plans added, changed and removed definitions per identifier', () => {
    const changes = diffDefinitions(
      [
        { file: 'a.json', value: definition('a') },
        { file: 'gone.json', value: definition('gone') },
      ],
      [
        { file: 'a.json', value: definition('a', { title: 'A' }) },
        { file: 'new.json', value: definition('new') },
      ],
    );
    expect(changes.map((c) => [c.identifier, c.kind, c.file])).toEqual([
      ['new', 'added', 'new.json'],
      ['a', 'changed', 'a.json'],
      ['gone', 'removed', 'gone.json'],
    ]);
    expect(changes[1]!.fields).toEqual([{ path: 'title', after: 'A' }]);
  });

  it('keeps the identity of a moved or renamed file: moved when only the path changed', () => {
    const changes = diffDefinitions(
      [{ file: 'old/a.json', value: definition('a') }],
      [{ file: 'new/a.yaml', value: definition('a') }],
    );
    expect(changes).toEqual([
      expect.objectContaining({
        identifier: 'a',
        kind: 'moved',
        file: 'new/a.yaml',
        previousFile: 'old/a.json',
        fields: [],
      }),
    ]);
  });

  it('reports a renamed file with edits as changed, with the previous file', () => {
    const [change] = diffDefinitions(
      [{ file: 'old.json', value: definition('a') }],
      [{ file: 'new.json', value: definition('a', { description: 'd' }) }],
    );
    expect(change).toMatchObject({ kind: 'changed', file: 'new.json', previousFile: 'old.json' });
  });

  it('calls a publish flip enabled or disabled (a missing publish means true)', () => {
    const off = diffDefinitions(
      [{ file: 'a.json', value: definition('a') }],
      [{ file: 'a.json', value: definition('a', { publish: false }) }],
    );
    expect(off[0]!.kind).toBe('disabled');
    const implicit: Record<string, unknown> = definition('b');
    delete implicit.publish;
    const on = diffDefinitions(
      [{ file: 'b.json', value: definition('b', { publish: false }) }],
      [{ file: 'b.json', value: implicit }],
    );
    expect(on[0]!.kind).toBe('enabled');
  });

  it('matches a head file that no longer parses to its base by path, as changed', () => {
    const [change] = diffDefinitions(
      [{ file: 'a.json', value: definition('a') }],
      [{ file: 'a.json', value: undefined }],
    );
    expect(change).toMatchObject({ identifier: 'a', kind: 'changed', file: 'a.json' });
  });

  it('ignores the $schema editor hint', () => {
    expect(
      diffDefinitions(
        [{ file: 'a.json', value: definition('a') }],
        [{ file: 'a.json', value: { $schema: '../schema.json', ...definition('a') } }],
      ),
    ).toEqual([]);
  });

  it('diffs the second copy of a duplicated identifier by its own file', () => {
    const changes = diffDefinitions(
      [{ file: 'a.json', value: definition('a') }],
      [
        { file: 'a.json', value: definition('a') },
        { file: 'copy.json', value: definition('a') },
      ],
    );
    expect(changes.map((c) => [c.kind, c.file])).toEqual([['added', 'copy.json']]);
  });
});

describe('fieldChanges and formatDefinitionDiff', () => {
  it('lists leaves by path; arrays of the same length element by element', () => {
    const before = { a: { b: 1, list: ['x', 'y'] }, gone: true, 'odd key': 1 };
    const after = { a: { b: 2, list: ['x', 'z'] }, added: null, 'odd key': 2 };
    expect(fieldChanges(before, after)).toEqual([
      { path: 'a.b', before: 1, after: 2 },
      { path: 'a.list[1]', before: 'y', after: 'z' },
      { path: 'gone', before: true },
      { path: '["odd key"]', before: 1, after: 2 },
      { path: 'added', after: null },
    ]);
  });

  it('compares arrays of different lengths as one value', () => {
    expect(fieldChanges({ e: ['a'] }, { e: ['a', 'b'] })).toEqual([
      { path: 'e', before: ['a'], after: ['a', 'b'] },
    ]);
  });

  it('renders a readable diff: - before / + after per field, and a moved file', () => {
    const text = formatDefinitionDiff({
      file: 'new.json',
      previousFile: 'old.json',
      fields: [
        { path: 'trigger.condition.expressions[0]', before: '.a == 1', after: '.a == 2' },
        { path: 'title', after: 'T' },
      ],
    });
    expect(text).toBe(
      [
        '  file: old.json → new.json',
        '- trigger.condition.expressions[0]: ".a == 1"',
        '+ trigger.condition.expressions[0]: ".a == 2"',
        '+ title: "T"',
      ].join('\n'),
    );
  });
});
