import { afterAll, describe, expect, it, vi } from 'vitest';
import { createJqEngine } from '../../../core/jq/create-jq-engine.js';
import { buildWrappedProgram, parseWrappedOutput } from '../../../core/jq/combined-program.js';
import { isCombinable } from '../../../core/jq/is-combinable.js';
import { evaluateWithJq } from '../../../core/jq/evaluate-with-jq.js';
import { JqWorkerPool } from '../../../core/jq/jq-worker-pool.js';
import { defaultJqModulePath, loadJqWasmModule } from '../../../core/jq/load-jq-wasm.js';

// fastPath: false so every expression here really goes through jq-wasm.
const engine = createJqEngine({ fastPath: false, timeoutMs: 500 });
afterAll(() => engine.close());

const event = { a: 1, run: { id: 'r1' }, inputs: { ref: 'main' }, list: [1, 2, 3] };

describe('jq-wasm layer: results', () => {
  it('evaluates a batch and returns one outcome per expression, in order', async () => {
    const outcomes = await engine.evaluate(event, [
      '.a',
      '.run.id',
      '[.list[] | . * 2]',
      'error("boom")',
      'empty',
      '.missing.deeper',
    ]);
    expect(outcomes).toEqual([
      { ok: true, value: 1 },
      { ok: true, value: 'r1' },
      { ok: true, value: [2, 4, 6] },
      { ok: false, kind: 'runtime', message: 'boom' },
      { ok: true, value: undefined },
      { ok: true, value: null },
    ]);
  });

  it('keeps only the first output, ignoring an error that comes after it (Port semantics)', async () => {
    expect(await engine.evaluate(null, ['1, error("x")', '.list[]?, 9'])).toEqual([
      { ok: true, value: 1 },
      { ok: true, value: 9 },
    ]);
  });

  it('reports a non-string error value the way the jq CLI prints it', async () => {
    expect(await engine.evaluate(null, ['error({a: 1})', 'error(null)'])).toEqual([
      { ok: false, kind: 'runtime', message: '{"a":1} (not a string)' },
      { ok: false, kind: 'runtime', message: 'null (not a string)' },
    ]);
  });

  it('reports compile errors with the same message check gives', async () => {
    const [outcome] = await engine.evaluate(event, ['.a +']);
    const [checked] = await engine.check(['.a +']);
    expect(outcome).toEqual({ ok: false, kind: 'compile', message: checked });
    expect(checked).toBe('syntax error, unexpected end of file at <top-level>, line 1, column 4');
  });

  it('treats halt as no output and halt_error as a runtime error, without breaking neighbours', async () => {
    expect(await engine.evaluate(event, ['.a', 'halt', '"bye" | halt_error', '.run.id'])).toEqual([
      { ok: true, value: 1 },
      { ok: true, value: undefined },
      { ok: false, kind: 'runtime', message: 'bye' },
      { ok: true, value: 'r1' },
    ]);
  });
});

describe('jq-wasm layer: sealed environment and CLI surface', () => {
  it('shows $ENV and env as empty objects, never the host or Emscripten environment', async () => {
    process.env.SWITCHYARD_SECRET_X = 'leak';
    try {
      const outcomes = await engine.evaluate(null, [
        '$ENV',
        'env',
        '$ENV.HOME',
        'env.PATH',
        '$ENV.SWITCHYARD_SECRET_X',
        'env.SWITCHYARD_SECRET_X',
        '$ENV | keys',
      ]);
      expect(outcomes.map((o) => (o.ok ? o.value : o))).toEqual([
        {},
        {},
        null,
        null,
        null,
        null,
        [],
      ]);
    } finally {
      delete process.env.SWITCHYARD_SECRET_X;
    }
  });

  it('compiles -n and -h as jq text, not as CLI options', async () => {
    const outcomes = await engine.evaluate(null, ['-n', '-h', '--seq']);
    for (const outcome of outcomes) expect(outcome).toMatchObject({ ok: false, kind: 'compile' });
    expect(outcomes[0]).toMatchObject({ message: expect.stringContaining('n/0 is not defined') });
    expect(outcomes[1]).toMatchObject({ message: expect.stringContaining('h/0 is not defined') });
  });
});

describe('jq-wasm layer: bounds', () => {
  it('times out runaway programs within the bound while the event loop keeps ticking', async () => {
    let ticks = 0;
    const interval = setInterval(() => ticks++, 10);
    const runs = vi.spyOn(JqWorkerPool.prototype, 'run');
    try {
      const outcomes = await engine.evaluate(null, [
        'last(repeat(.))',
        'def f: f; f',
        '[range(1e9)]',
      ]);
      for (const outcome of outcomes) expect(outcome).toMatchObject({ ok: false, kind: 'timeout' });
      // Combined run (one bound), then each alone (one bound each): each given at most the
      // engine's bound, whatever is left of the call's budget.
      expect(runs.mock.calls.length).toBeGreaterThan(0);
      expect(runs.mock.calls.length).toBeLessThanOrEqual(4);
      for (const [, , bound] of runs.mock.calls) {
        expect(typeof bound === 'function' ? bound() : bound).toBeLessThanOrEqual(500);
      }
    } finally {
      runs.mockRestore();
      clearInterval(interval);
    }
    // The event loop ran meanwhile: jq runs on worker threads.
    expect(ticks).toBeGreaterThan(0);
    expect(await engine.evaluate(event, ['.run.id'])).toEqual([{ ok: true, value: 'r1' }]);
  });

  it('gives repeat(.) its first output, as Port does', async () => {
    expect(await engine.evaluate({ x: 1 }, ['repeat(.)'])).toEqual([{ ok: true, value: { x: 1 } }]);
  });

  it('keeps other evaluations flowing on another worker while one is stuck', async () => {
    // The stuck program's bound is far longer than ten cheap runs on any machine: they all
    // finish while it is still running, which only a second worker allows.
    const pooled = createJqEngine({ fastPath: false, workers: 2, timeoutMs: 5000 });
    try {
      await pooled.evaluate(null, ['1']);
      let stuckEnded = false;
      const stuck = pooled.evaluate(null, ['def f: f; f']).finally(() => (stuckEnded = true));
      for (let i = 0; i < 10; i++) {
        expect(await pooled.evaluate({ n: i }, ['.n * 2'])).toEqual([{ ok: true, value: i * 2 }]);
        expect(stuckEnded).toBe(false);
      }
      expect(await stuck).toEqual([{ ok: false, kind: 'timeout', message: expect.any(String) }]);
    } finally {
      await pooled.close();
    }
  });

  it('reports a wasm trap as an engine fault and recovers for the next call', async () => {
    expect(await engine.evaluate(null, ['reduce range(9999) as $_ ([];[.]) | tojson'])).toEqual([
      { ok: false, kind: 'engine-fault', message: expect.any(String) },
    ]);
    expect(await engine.evaluate(event, ['.a + 41'])).toEqual([{ ok: true, value: 42 }]);
  });

  it('refuses output larger than maxOutputBytes', async () => {
    const small = createJqEngine({ fastPath: false, maxOutputBytes: 1000 });
    try {
      expect(await small.evaluate(null, ['[range(500)]', '[range(10)]', '"x" * 2000'])).toEqual([
        { ok: false, kind: 'output-too-large', message: expect.any(String) },
        { ok: true, value: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] },
        { ok: false, kind: 'output-too-large', message: expect.any(String) },
      ]);
    } finally {
      await small.close();
    }
  });

  it('refuses input nested deeper than maxInputDepth before calling jq', async () => {
    let deep: unknown = 1;
    for (let i = 0; i < 501; i++) deep = [deep];
    expect(await engine.evaluate(deep, ['.', 'length'])).toEqual([
      { ok: false, kind: 'input-too-deep', message: expect.any(String) },
      { ok: false, kind: 'input-too-deep', message: expect.any(String) },
    ]);
    let ok: unknown = 1;
    for (let i = 0; i < 500; i++) ok = [ok];
    expect(await engine.evaluate(ok, ['length'])).toEqual([{ ok: true, value: 1 }]);
  });
});

describe('jq-wasm layer: combined programs', () => {
  it('falls back to one run per expression when a comment ending in \\ breaks the combination', async () => {
    expect(await engine.evaluate(event, ['.run.id', '.a # x \\', '.inputs.ref'])).toEqual([
      { ok: true, value: 'r1' },
      { ok: true, value: 1 },
      { ok: true, value: 'main' },
    ]);
  });

  it('does not let a crafted expression forge a neighbour result', async () => {
    const escape =
      '1\n)]} catch {}), (try {n:"x",i:1,ok:["forged"]} catch {}), (try {ok:[limit(1; 2';
    const swallow = '[1, (';
    const close = ')] | .[0]';
    const outcomes = await engine.evaluate(event, [escape, '.run.id', swallow, '.a', close]);
    expect(outcomes[1]).toEqual({ ok: true, value: 'r1' });
    expect(outcomes[3]).toEqual({ ok: true, value: 1 });
    for (const i of [0, 2, 4]) expect(outcomes[i]).toMatchObject({ ok: false, kind: 'compile' });
  });

  it('only combines expressions whose strings, interpolations and brackets provably close', () => {
    expect(isCombinable('.a | "x\\(.b | "y\\(.c)")" | [.d[]?]')).toBe(true);
    expect(isCombinable('"\\")"')).toBe(true);
    expect(isCombinable('.a # comment')).toBe(false);
    expect(isCombinable('"unterminated')).toBe(false);
    expect(isCombinable('"\\(.a"')).toBe(false);
    expect(isCombinable('(.a]')).toBe(false);
    expect(isCombinable('.a)')).toBe(false);
    expect(isCombinable('"#" | .a')).toBe(true);
  });

  it('rejects combined output whose nonce, order or count is wrong', () => {
    const program = buildWrappedProgram(['.a', '.b']);
    const line = (n: string, i: number, v: unknown): string => JSON.stringify({ n, i, ok: [v] });
    const good = [line(program.nonce, 0, 1), line(program.nonce, 1, 2)].join('\n');
    expect(parseWrappedOutput(program, good, 1000)).toEqual([
      { ok: true, value: 1 },
      { ok: true, value: 2 },
    ]);
    expect(parseWrappedOutput(program, good.replace(program.nonce, 'f'.repeat(24)), 1000)).toBe(
      undefined,
    );
    const swapped = [line(program.nonce, 1, 2), line(program.nonce, 0, 1)].join('\n');
    expect(parseWrappedOutput(program, swapped, 1000)).toBe(undefined);
    expect(parseWrappedOutput(program, line(program.nonce, 0, 1), 1000)).toBe(undefined);
  });
});

describe('jq-wasm layer: check', () => {
  const expressions = [
    '.a',
    '.a +',
    '\u0001',
    'foo',
    '.a # x \\',
    '-n',
    '{(1): 2}',
    'if . then 1 end',
    '"\\(.a"',
    'def f: 1; f',
    '"\\q"',
    '$undefined_var',
    '.[] as [$a, $b] | $a',
  ];

  it('gives, for many expressions at once, exactly what checking each alone gives', async () => {
    const fresh = createJqEngine({ fastPath: false });
    const alone = createJqEngine({ fastPath: false });
    try {
      const together = await fresh.check(expressions);
      const separately = await Promise.all(
        expressions.map(async (e) => (await alone.check([e]))[0]),
      );
      expect(together).toEqual(separately);
      expect(together.filter((m) => m === null)).toHaveLength(5);
    } finally {
      await Promise.all([fresh.close(), alone.close()]);
    }
  });

  it("keeps jq's wording without the CLI noise", async () => {
    expect(await engine.check(['\u0001', 'foo', '. as [$a] | $b'])).toEqual([
      'syntax error, unexpected INVALID_CHARACTER at <top-level>, line 1, column 1',
      'foo/0 is not defined at <top-level>, line 1, column 1',
      '$b is not defined at <top-level>, line 1, column 13',
    ]);
  });

  it('bisects a large batch down to the failing expressions', async () => {
    const many = Array.from({ length: 1000 }, (_, i) => `.p${i} == "v${i}"`);
    many[17] = '.a +';
    many[600] = 'nope(1)';
    const results = await engine.check(many);
    expect(results.flatMap((r, i) => (r === null ? [] : [[i, r]]))).toEqual([
      [17, 'syntax error, unexpected end of file at <top-level>, line 1, column 4'],
      [600, 'nope/1 is not defined at <top-level>, line 1, column 1'],
    ]);
  });

  it('checks 5,000 expressions in a few batched jq runs', async () => {
    const fresh = createJqEngine({ fastPath: false });
    try {
      await fresh.check(['.warm']);
      const many = Array.from({ length: 5000 }, (_, i) =>
        i % 2
          ? `.event.diff.after.properties.p${i} == "x${i}"`
          : `{id: .run.id, n: ${i}, v: .a${i}}`,
      );
      const runs = vi.spyOn(JqWorkerPool.prototype, 'run');
      try {
        const results = await fresh.check(many);
        expect(results.every((r) => r === null)).toBe(true);
        // Checked in batches, not one jq run each (the speed itself is `npm run bench`'s).
        expect(runs.mock.calls.length).toBeGreaterThan(0);
        expect(runs.mock.calls.length).toBeLessThanOrEqual(50);
      } finally {
        runs.mockRestore();
      }
    } finally {
      await fresh.close();
    }
  });
});

describe('jq-wasm layer: jq bombs (regression, chaos suite figure 5)', () => {
  it('bounds the jq time of one call with several bombs to twice the time bound', async () => {
    const pool = new JqWorkerPool({
      size: 1,
      wasmModule: () => loadJqWasmModule(),
      jqModulePath: defaultJqModulePath(),
    });
    const bounds: number[] = [];
    const runner = {
      run: (query: string, input: string, timeoutMs: number | (() => number), max: number) =>
        pool.run(
          query,
          input,
          () => {
            const bound = typeof timeoutMs === 'function' ? timeoutMs() : timeoutMs;
            bounds.push(bound);
            return bound;
          },
          max,
        ),
    };
    try {
      const outcomes = await evaluateWithJq(
        runner,
        '{}',
        ['[range(1e9)]', 'def f: f; f', 'last(repeat(.))', 'def f: [f]; f', '1 + 1'],
        { timeoutMs: 300, maxOutputBytes: 1 << 20, compileMessage: async () => null },
      );
      for (const outcome of outcomes.slice(0, 4)) {
        expect(outcome).toMatchObject({ ok: false, kind: 'timeout' });
      }
      // The combined run got the bound; all runs together at most twice the bound.
      expect(bounds[0]).toBe(300);
      expect(bounds.filter((b) => b > 0).reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(600);
    } finally {
      await pool.close();
    }
  });

  it('explains a constant that outgrows jq memory while compiling (jq folds constants)', async () => {
    const [message] = await engine.check(['"x" * 1e9']);
    expect(message).toContain('jq ran out of memory');
    expect(message).not.toContain('Aborted');
  });

  it('explains a program that outgrows jq memory instead of "Aborted()"', async () => {
    expect(await engine.evaluate({ n: 1e9 }, ['"x" * .n'])).toEqual([
      {
        ok: false,
        kind: 'engine-fault',
        message: expect.stringContaining('jq ran out of memory'),
      },
    ]);
  });

  it('reveals nothing of the process through debug, stderr, input, input_filename, $__loc__ or @sh', async () => {
    process.env.SWITCHYARD_SECRET_BOMB = 'do-not-leak-me';
    try {
      const outcomes = await engine.evaluate({ a: 1 }, [
        '[debug, stderr] | length',
        'try input catch "none"',
        '[inputs]',
        'input_filename',
        '$__loc__ | keys',
        '@sh "echo \\(.a)"',
        '[$ENV, env, get_search_list] | tojson',
      ]);
      const text = JSON.stringify(outcomes);
      expect(text).not.toContain('do-not-leak-me');
      expect(text).not.toContain(process.cwd());
      expect(outcomes.map((o) => (o.ok ? o.value : o.kind))).toEqual([
        2,
        'none',
        [],
        expect.any(String),
        ['file', 'line'],
        'echo 1',
        expect.any(String),
      ]);
    } finally {
      delete process.env.SWITCHYARD_SECRET_BOMB;
    }
  });
});
