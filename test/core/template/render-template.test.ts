import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JqEngine } from '../../../core/jq/jq-engine.js';
import { renderTemplate } from '../../../core/template/render-template.js';
import { createJqEngine } from '../../../core/jq/create-jq-engine.js';

const data = {
  inputs: { ref: 'main', count: 3, flags: { dry: true }, empty: '' },
  run: { id: 'r_1' },
  entity: null,
  event: { diff: { before: { title: 'svc-a' }, after: null } },
  list: [1, 2],
};

let jq: JqEngine;
beforeAll(() => {
  // A bound no loaded machine reaches: what these tests check never depends on speed (the
  // first jq-wasm run, e.g. `env`, also starts a worker).
  jq = createJqEngine({ timeoutMs: 30_000 });
});
afterAll(() => jq.close());

const render = (template: unknown) => renderTemplate(template, data, jq);
const valueOf = async (template: unknown) => (await render(template)).value;

describe('renderTemplate: strings and scalars (§4.1)', () => {
  it('returns a string without {{ unchanged', async () => {
    expect(await render('plain { text }')).toEqual({ value: 'plain { text }', errors: [] });
  });

  it('returns numbers, booleans and null unchanged', async () => {
    expect(await valueOf([1.5, true, false, null])).toEqual([1.5, true, false, null]);
  });
});

describe('renderTemplate: whole-string templates (§4.2)', () => {
  it('keeps the JSON type of the result', async () => {
    expect(
      await valueOf({ n: '{{ .inputs.count }}', o: '{{ .inputs.flags }}', b: '{{ true }}' }),
    ).toEqual({ n: 3, o: { dry: true }, b: true });
  });

  it('drops whitespace around the block', async () => {
    expect(await valueOf('  {{ .list }}\n')).toEqual([1, 2]);
  });

  it('renders `empty` as undefined', async () => {
    expect(await render('{{ empty }}')).toEqual({ value: undefined, errors: [] });
  });

  it('uses only the first output', async () => {
    expect(await valueOf('{{ .list[] }}')).toBe(1);
  });

  it('treats a string with one block and a trailing third brace as whole, like Port', async () => {
    expect(await valueOf('{{ .run.id }}}')).toBe('r_1');
  });
});

describe('renderTemplate: interpolation (§4.3)', () => {
  it('inserts strings as-is and JSON-stringifies everything else', async () => {
    const template =
      'id={{ .run.id }} n={{ .inputs.count }} o={{ .inputs.flags }} x={{ null }} b={{ false }}';
    expect(await valueOf(template)).toBe('id=r_1 n=3 o={"dry":true} x=null b=false');
  });

  it('inserts "undefined" for `empty`, like Port', async () => {
    expect(await valueOf('a{{ empty }}b')).toBe('aundefinedb');
  });

  it('keeps literal text between adjacent blocks', async () => {
    expect(await valueOf('{{ .run.id }}{{ .inputs.ref }}!')).toBe('r_1main!');
  });

  it('treats a whole-looking string with two blocks as interpolation', async () => {
    expect(await valueOf('{{ .inputs.count }} {{ .inputs.count }}')).toBe('3 3');
  });

  it('keeps the third closing brace as literal text', async () => {
    expect(await valueOf('x{{ .run.id }}}y')).toBe('xr_1}y');
  });
});

describe('renderTemplate: jq evaluation (§4.5)', () => {
  it('accepts single-quoted jq strings', async () => {
    expect(await valueOf("{{'https://url.' + .run.id}}")).toBe('https://url.r_1');
  });

  it('disables env and $ENV', async () => {
    expect(await valueOf('{{ [env, $ENV] }}')).toEqual([{}, {}]);
  });

  it('renders a runtime error as null and reports it with its path', async () => {
    const result = await render({ body: { items: [1, 2, { name: 'x{{ .run.id | error }}' }] } });
    expect(result.value).toEqual({ body: { items: [1, 2, { name: 'xnull' }] } });
    expect(result.errors).toEqual([
      {
        path: 'body.items[2].name',
        segments: ['body', 'items', 2, 'name'],
        part: 'value',
        kind: 'jq',
        message: expect.stringContaining('r_1'),
        expression: ' .run.id | error ',
        jqKind: 'runtime',
      },
    ]);
  });

  it('renders a compile error as null and reports it', async () => {
    const result = await render({ a: '{{ 1 + }}' });
    expect(result.value).toEqual({ a: null });
    expect(result.errors).toMatchObject([
      { path: 'a', kind: 'jq', expression: ' 1 + ', jqKind: 'compile' },
    ]);
    expect(result.errors[0]?.message).toMatch(/syntax error/);
  });

  it('reports an error of a key at the key', async () => {
    const result = await render({ headers: { '{{ .run.id | tonumber }}': 'v' } });
    expect(result.value).toEqual({ headers: {} });
    expect(result.errors).toMatchObject([
      { path: 'headers["{{ .run.id | tonumber }}"]', part: 'key', kind: 'jq' },
    ]);
  });

  it('evaluates every block of the tree in one call, without duplicates', async () => {
    const calls: (readonly string[])[] = [];
    const counting: JqEngine = {
      evaluate: (input, expressions) => {
        calls.push(expressions);
        return jq.evaluate(input, expressions);
      },
      check: (expressions) => jq.check(expressions),
      close: async () => {},
    };
    const template = {
      '{{ "k" }}': ['{{ .run.id }}', 'a {{ .run.id }} {{.inputs.ref}}'],
      b: '{{ .run.id }}',
    };
    const result = await renderTemplate(template, data, counting);
    expect(result.value).toEqual({ k: ['r_1', 'a r_1 main'], b: 'r_1' });
    expect(calls).toEqual([[' "k" ', ' .run.id ', '.inputs.ref']]);
  });

  it('does not call jq for a template without blocks', async () => {
    const failing: JqEngine = {
      evaluate: () => Promise.reject(new Error('should not be called')),
      check: () => Promise.reject(new Error('should not be called')),
      close: async () => {},
    };
    expect(await renderTemplate({ a: ['x', 1] }, data, failing)).toEqual({
      value: { a: ['x', 1] },
      errors: [],
    });
  });

  it('turns an engine failure into errors instead of throwing', async () => {
    const broken: JqEngine = {
      evaluate: () => Promise.reject(new Error('worker died')),
      check: () => Promise.reject(new Error('worker died')),
      close: async () => {},
    };
    const result = await renderTemplate({ a: '{{ 1 }}' }, data, broken);
    expect(result.value).toEqual({ a: null });
    expect(result.errors).toMatchObject([
      { path: 'a', kind: 'jq', message: 'jq engine failed: worker died' },
    ]);
  });

  it('prefixes error paths with the base path', async () => {
    const result = await renderTemplate({ a: '{{ 1 + }}' }, data, jq, { basePath: ['body'] });
    expect(result.errors).toMatchObject([{ path: 'body.a', segments: ['body', 'a'] }]);
  });
});

describe('renderTemplate: brace errors (§4.4)', () => {
  it('reports a nested opener with Port message and renders null', async () => {
    const result = await render({ a: '{{ {{ .x }} }}' });
    expect(result).toEqual({
      value: { a: null },
      errors: [
        {
          path: 'a',
          segments: ['a'],
          part: 'value',
          kind: 'braces',
          message: 'Found double braces in index 3 inside other one in index 0',
        },
      ],
    });
  });

  it('reports a stray closer in a plain string', async () => {
    const result = await render(['a }} b']);
    expect(result.errors).toMatchObject([
      {
        path: '[0]',
        message: 'Found closing double braces in index 2 without opening double braces',
      },
    ]);
  });

  it('drops a key with a brace error and reports it at the key', async () => {
    const result = await render({ 'k{{': 1, b: 2 });
    expect(result.value).toEqual({ b: 2 });
    expect(result.errors).toMatchObject([
      {
        part: 'key',
        kind: 'braces',
        message: 'Found opening double braces in index 1 without closing double braces',
      },
    ]);
  });
});
