import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JqEngine } from '../../../core/jq/jq-engine.js';
import { renderTemplate } from '../../../core/template/render-template.js';
import { createJqEngine } from '../../../core/jq/create-jq-engine.js';

const data = {
  inputs: { ref: 'main', count: 3, extra: { a: 1, b: 2 } },
  run: { id: 'r_1' },
};

let jq: JqEngine;
beforeAll(() => {
  jq = createJqEngine();
});
afterAll(() => jq.close());

const render = (template: unknown) => renderTemplate(template, data, jq);
const valueOf = async (template: unknown) => (await render(template)).value;
const keysOf = (value: unknown) => Object.keys(value as object);

describe('renderTemplate: keys (§4.6)', () => {
  it('renders a key to a string', async () => {
    expect(await valueOf({ 'x-{{ .run.id }}': 1 })).toEqual({ 'x-r_1': 1 });
  });

  it('omits the pair when the key renders to null, empty or ""', async () => {
    const template = {
      '{{ null }}': 1,
      '{{ empty }}': 2,
      '{{ "" }}': 3,
      '{{ if (.inputs | has("ref")) then "ref" else null end }}': '{{ .inputs.ref }}',
      '{{ if (.inputs | has("nope")) then "nope" else null end }}': '{{ .inputs.nope }}',
    };
    expect(await render(template)).toEqual({ value: { ref: 'main' }, errors: [] });
  });

  it('omits a literal empty key, like Port', async () => {
    expect(await valueOf({ '': 1, a: 2 })).toEqual({ a: 2 });
  });

  it('does not evaluate or report the value of an omitted pair', async () => {
    expect(await render({ '{{ null }}': '{{ 1 + }}' })).toEqual({ value: {}, errors: [] });
  });

  it('reports a key that renders to a number, boolean, object or array with Port message', async () => {
    const result = await render({
      '{{ 1 }}': 'a',
      '{{ true }}': 'b',
      '{{ {} }}': 'c',
      '{{ [1] }}': 'd',
    });
    expect(result.value).toEqual({});
    expect(result.errors.map((e) => [e.path, e.part, e.kind, e.message])).toEqual([
      [
        '["{{ 1 }}"]',
        'key',
        'key-type',
        'Evaluated object key should be undefined, null or string. Original key: {{ 1 }}, evaluated to: 1',
      ],
      [
        '["{{ true }}"]',
        'key',
        'key-type',
        'Evaluated object key should be undefined, null or string. Original key: {{ true }}, evaluated to: true',
      ],
      [
        '["{{ {} }}"]',
        'key',
        'key-type',
        'Evaluated object key should be undefined, null or string. Original key: {{ {} }}, evaluated to: {}',
      ],
      [
        '["{{ [1] }}"]',
        'key',
        'key-type',
        'Evaluated object key should be undefined, null or string. Original key: {{ [1] }}, evaluated to: [1]',
      ],
    ]);
  });

  it('keeps the first position and the last value when a key renders to an existing key', async () => {
    const value = await valueOf({ a: 1, b: 2, '{{ "a" }}': 3 });
    expect(value).toEqual({ a: 3, b: 2 });
    expect(keysOf(value)).toEqual(['a', 'b']);
  });

  it('orders keys like a JavaScript object: integer-like keys first', async () => {
    const value = await valueOf({ b: 1, '{{ "10" }}': 2, a: 3, '{{ "2" }}': 4 });
    expect(keysOf(value)).toEqual(['2', '10', 'b', 'a']);
  });

  it('keeps a __proto__ key as an ordinary property', async () => {
    const value = await valueOf(JSON.parse('{"{{ \\"__proto__\\" }}": {"polluted": true}}'));
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value as object)).toEqual(['__proto__']);
  });
});

describe('renderTemplate: spreadValue() (§4.7)', () => {
  it('merges the rendered object into the parent at its position', async () => {
    const value = await valueOf({
      first: 0,
      '{{ spreadValue() }}': '{{ .inputs.extra }}',
      last: 9,
    });
    expect(value).toEqual({ first: 0, a: 1, b: 2, last: 9 });
    expect(keysOf(value)).toEqual(['first', 'a', 'b', 'last']);
  });

  it('lets later duplicates win while keeping the first position', async () => {
    const value = await valueOf({
      b: 'old',
      '{{ spreadValue() }}': '{{ .inputs.extra }}',
      a: 'new',
    });
    expect(value).toEqual({ b: 2, a: 'new' });
    expect(keysOf(value)).toEqual(['b', 'a']);
  });

  it('accepts whitespace inside and around the keyword', async () => {
    expect(await valueOf({ ' {{spreadValue(  )}} ': { x: '{{ .run.id }}' } })).toEqual({
      x: 'r_1',
    });
  });

  it('renders a literal object value before merging it', async () => {
    expect(
      await valueOf({ '{{ spreadValue() }}': { '{{ .inputs.ref }}': '{{ .inputs.count }}' } }),
    ).toEqual({
      main: 3,
    });
  });

  it('does not render the keys coming from the spread value', async () => {
    expect(await valueOf({ '{{ spreadValue() }}': '{{ {"{{ .x }}": 1} }}' })).toEqual({
      '{{ .x }}': 1,
    });
  });

  it('merges an array by index, like Port', async () => {
    expect(await valueOf({ '{{ spreadValue() }}': '{{ ["x", "y"] }}' })).toEqual({
      0: 'x',
      1: 'y',
    });
  });

  it('reports a non-object value with Port message and merges nothing', async () => {
    const result = await render({ keep: 1, '{{ spreadValue() }}': '{{ .inputs.ref }}' });
    expect(result.value).toEqual({ keep: 1 });
    expect(result.errors).toEqual([
      {
        path: '["{{ spreadValue() }}"]',
        segments: ['{{ spreadValue() }}'],
        part: 'value',
        kind: 'spread-type',
        message:
          'Evaluated value should be an object if the key is {{ spreadValue() }}. Original value: {{ .inputs.ref }}, evaluated to: "main"',
      },
    ]);
  });

  it('reports a null or missing value as a spread error', async () => {
    const result = await render({
      '{{ spreadValue() }}': '{{ .nope }}',
      ' {{spreadValue()}}': '{{ empty }}',
    });
    expect(result.errors.map((e) => e.message)).toEqual([
      'Evaluated value should be an object if the key is {{ spreadValue() }}. Original value: {{ .nope }}, evaluated to: null',
      'Evaluated value should be an object if the key is  {{spreadValue()}}. Original value: {{ empty }}, evaluated to: undefined',
    ]);
  });

  it('treats a key with other text around spreadValue() as an ordinary template', async () => {
    const result = await render({ 'x{{ spreadValue() }}': 1 });
    expect(result.value).toEqual({ xnull: 1 });
    expect(result.errors).toMatchObject([{ part: 'key', kind: 'jq' }]);
  });
});

describe('renderTemplate: arrays (§4.8)', () => {
  it('renders arrays element-wise, nested arrays and objects included', async () => {
    const template = ['{{ .run.id }}', ['{{ .inputs.count }}', { k: '{{ .inputs.ref }}' }], 7];
    expect(await valueOf(template)).toEqual(['r_1', [3, { k: 'main' }], 7]);
  });

  it('leaves undefined for `empty`, which serializes as null', async () => {
    const value = await valueOf(['{{ empty }}', 1]);
    expect(value).toEqual([undefined, 1]);
    expect(JSON.stringify(value)).toBe('[null,1]');
  });

  it('does not render templates inside jq results', async () => {
    expect(await valueOf(['{{ "{{ .run.id }}" }}'])).toEqual(['{{ .run.id }}']);
  });
});
