import { afterAll, describe, expect, it, vi } from 'vitest';
import { compileFast } from '../../../core/jq/compile-fast.js';
import { createJqEngine } from '../../../core/jq/create-jq-engine.js';
import { JqWorkerPool } from '../../../core/jq/jq-worker-pool.js';

const event = {
  event: {
    diff: {
      before: { properties: { status: 'draft', language: 'Go' } },
      after: {
        properties: { status: 'live', language: 'Python' },
        relations: { dependencies: ['svc-a', 'lib-b', 'svc-c'] },
      },
    },
    trigger: { by: { user: { email: 'dev@example.com' } } },
  },
  run: { id: 'r_123' },
  inputs: { ref: 'main', count: 3 },
};

const expressions = [
  '.event.diff.after.properties.language == "Python"',
  '.run.id',
  '.inputs | has("ref")',
  'if .event.diff.before.properties.status != .event.diff.after.properties.status then {from: .event.diff.before.properties.status, to: .event.diff.after.properties.status} else null end',
  '[.event.diff.after.relations.dependencies[] | select(startswith("svc-") | not)] | length',
  '"run \\(.run.id) by \\(.event.trigger.by.user.email)"',
  '.inputs.count * 2 + 1',
  '.missing // "default"',
  '.inputs.ref | ascii_upcase',
  '.run.id | test("^r_")',
  '[.event.diff.after.relations.dependencies[] | ltrimstr("svc-")]',
  '.inputs.count + "x"',
  '.run.id.nope',
  '$ENV.HOME',
  'empty',
  '.a +',
];

const fast = createJqEngine();
const slow = createJqEngine({ fastPath: false });
afterAll(() => Promise.all([fast.close(), slow.close()]));

describe('createJqEngine', () => {
  it('gives the same outcomes with and without the fast path', async () => {
    expect(await fast.evaluate(event, expressions)).toEqual(
      await slow.evaluate(event, expressions),
    );
  });

  it('evaluates a realistic mix: fast path, jq-wasm, errors and no output, in order', async () => {
    const outcomes = await fast.evaluate(event, expressions);
    expect(outcomes.slice(0, 10)).toEqual([
      { ok: true, value: true },
      { ok: true, value: 'r_123' },
      { ok: true, value: true },
      { ok: true, value: { from: 'draft', to: 'live' } },
      { ok: true, value: 1 },
      { ok: true, value: 'run r_123 by dev@example.com' },
      { ok: true, value: 7 },
      { ok: true, value: 'default' },
      { ok: true, value: 'MAIN' },
      { ok: true, value: true },
    ]);
    expect(outcomes.slice(10)).toEqual([
      { ok: true, value: ['a', 'lib-b', 'c'] },
      { ok: false, kind: 'runtime', message: 'number (3) and string ("x") cannot be added' },
      { ok: false, kind: 'runtime', message: 'Cannot index string with string ("nope")' },
      { ok: true, value: null },
      { ok: true, value: undefined },
      { ok: false, kind: 'compile', message: expect.stringContaining('syntax error') },
    ]);
  });

  it('answers fast-path expressions without starting a jq worker', async () => {
    // Workers start on the first jq-wasm run: no run, no worker.
    const runs = vi.spyOn(JqWorkerPool.prototype, 'run');
    const fresh = createJqEngine();
    try {
      const outcomes = await fresh.evaluate(event, expressions.slice(0, 8));
      expect(outcomes.every((o) => o.ok)).toBe(true);
      expect(runs).not.toHaveBeenCalled();
      // The spy sees real runs: one outside the subset goes to jq-wasm.
      expect(await fresh.evaluate(null, ['$__loc__ | .line'])).toEqual([{ ok: true, value: 1 }]);
      expect(runs).toHaveBeenCalled();
    } finally {
      runs.mockRestore();
      await fresh.close();
    }
  });

  it('compile-checks fast-path expressions without a jq-wasm run, and the rest with one', async () => {
    const runs = vi.spyOn(JqWorkerPool.prototype, 'run');
    const fresh = createJqEngine();
    try {
      expect(await fresh.check(expressions.slice(0, 11))).toEqual(new Array(11).fill(null));
      expect(runs).not.toHaveBeenCalled();
      // Outside the subset: jq decides, valid or not, and the fast ones stay answered.
      expect(await fresh.check(['.run.id', '$__loc__ | .line', '$undefined'])).toEqual([
        null,
        null,
        '$undefined is not defined at <top-level>, line 1, column 1',
      ]);
      expect(runs).toHaveBeenCalled();
    } finally {
      runs.mockRestore();
      await fresh.close();
    }
  });

  it('sends expressions outside the subset to jq-wasm', () => {
    expect(compileFast('.run.id | test("^r_") | @sh')).toBeNull();
    expect(compileFast('$__loc__')).toBeNull();
    expect(compileFast('. as [$a] | $a')).toBeNull();
    expect(compileFast('$undefined')).toBeNull();
    expect(compileFast('.a # comment')).toBeNull();
    expect(compileFast('1.0 | tostring')).toBeNull();
    expect(compileFast('.run.id')).not.toBeNull();
  });

  it('leaves to jq the number formats JavaScript prints differently', async () => {
    const numbers = { big: 1e17, small: 0.00001, fine: 0.5, int: 42 };
    const list = [
      '.big | tostring',
      '.small | tostring',
      '"\\(.fine)/\\(.int)"',
      '.big * 10 | tojson',
    ];
    expect(await fast.evaluate(numbers, list)).toEqual([
      { ok: true, value: '100000000000000000' },
      { ok: true, value: '0.00001' },
      { ok: true, value: '0.5/42' },
      { ok: true, value: '1e+18' },
    ]);
  });

  it('treats values that are not plain JSON as their JSON form', async () => {
    const input = { when: new Date(0), skip: undefined, n: -0, list: [1, undefined] };
    expect(await fast.evaluate(input, ['.when', 'has("skip")', '.n | tostring', '.list'])).toEqual([
      { ok: true, value: '1970-01-01T00:00:00.000Z' },
      { ok: true, value: false },
      { ok: true, value: '0' },
      { ok: true, value: [1, null] },
    ]);
  });

  it('reports input jq cannot parse (a lone surrogate) as a runtime error for every expression', async () => {
    const outcomes = await fast.evaluate({ s: '\ud800' }, ['.s', '1']);
    for (const outcome of outcomes) expect(outcome).toMatchObject({ ok: false, kind: 'runtime' });
  });

  it('caches compile verdicts so a known-bad expression does not cost a jq run again', async () => {
    const engine = createJqEngine({ fastPath: false });
    try {
      expect(await engine.check(['.a +', '.b'])).toEqual([expect.any(String), null]);
      const runs = vi.spyOn(JqWorkerPool.prototype, 'run');
      try {
        expect(await engine.evaluate(null, ['.a +'])).toEqual([
          { ok: false, kind: 'compile', message: expect.stringContaining('syntax error') },
        ]);
        expect(runs).not.toHaveBeenCalled();
      } finally {
        runs.mockRestore();
      }
    } finally {
      await engine.close();
    }
  });
});
