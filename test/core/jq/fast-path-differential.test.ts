import { afterAll, describe, expect, it } from 'vitest';
import { compileFast, DECLINE } from '../../../core/jq/compile-fast.js';
import { createJqEngine } from '../../../core/jq/create-jq-engine.js';
import type { JqOutcome } from '../../../core/jq/jq-engine.js';
import { DIFFERENTIAL_INPUTS, generateExpressions } from './fast-path-corpus.js';

const reference = createJqEngine({ fastPath: false, timeoutMs: 5000 });
afterAll(() => reference.close());

/** JSON with sorted keys and -0 as 0: what a Port consumer can observe. */
function canonical(outcome: JqOutcome): string {
  if (!outcome.ok) return `error ${outcome.kind}: ${outcome.message}`;
  if (outcome.value === undefined) return 'no output';
  return JSON.stringify(outcome.value, (_, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

async function jqOutcomes(input: unknown, expressions: readonly string[]): Promise<JqOutcome[]> {
  const out: JqOutcome[] = [];
  for (let i = 0; i < expressions.length; i += 150) {
    out.push(...(await reference.evaluate(input, expressions.slice(i, i + 150))));
  }
  return out;
}

describe('fast path agrees with jq 1.8.2 (differential)', () => {
  const expressions = generateExpressions(1500, 20240611);
  const programs = expressions.map((e) => compileFast(e));

  it('compiles every generated expression jq compiles, and none it rejects', async () => {
    const verdicts = await reference.check(expressions);
    const valid = expressions.filter((_, i) => verdicts[i] === null);
    const compiledValid = valid.filter((e) => compileFast(e) !== null).length;
    expect(compiledValid / valid.length).toBeGreaterThan(0.98);
    const compiledInvalid = expressions.filter((e, i) => verdicts[i] !== null && compileFast(e));
    expect(compiledInvalid).toEqual([]);
  });

  it('declines every hand-picked program jq refuses to compile (validation trusts what it compiles)', async () => {
    const invalid = [
      '{(1-1): 2}',
      '"a" as $x | {($x): 1, (1): 2}',
      '{(null): 1}',
      '$x',
      '.a as [$x] | $y',
      'reduce . as $x (0; $y)',
      '.[] as {a: $a} | $b',
      'foo(1)',
      'def f: g; f',
      'def f(x): x; f',
      'def f: reduce .[] as $x (0; . + $x); f(1)',
      'length(1)',
      'map',
      'ltrimstr',
      'tojson(1)',
      'now(1)',
      'test("a"; "b"; "c")',
      'sub("a")',
      'error(1;2)',
      'limit(1)',
      'not(.)',
      'empty(1)',
      'select(.)(1)',
      '.a.[',
      '..a',
      '.a..b',
      'if . then 1 end end',
      '"\\(1 +)"',
      'try error catch',
      '.[1:2:3]',
      'break $x',
      'label $f | break $g',
    ];
    const verdicts = await reference.check(invalid);
    expect(invalid.filter((_, i) => verdicts[i] === null)).toEqual([]);
    expect(invalid.filter((e) => compileFast(e) !== null)).toEqual([]);
  });

  it('gives the same value or error message as jq-wasm on every input', async () => {
    const mismatches: string[] = [];
    let answered = 0;
    let total = 0;
    for (const input of DIFFERENTIAL_INPUTS) {
      const candidates = expressions.filter((_, i) => programs[i]);
      const fast = candidates.map((e) =>
        (compileFast(e) as NonNullable<ReturnType<typeof compileFast>>)(input),
      );
      const asked = candidates.filter((_, i) => fast[i] !== DECLINE);
      const truth = await jqOutcomes(input, asked);
      let k = 0;
      candidates.forEach((expression, i) => {
        total++;
        const mine = fast[i];
        if (mine === DECLINE || mine === undefined) return;
        answered++;
        const theirs = truth[k++] as JqOutcome;
        if (canonical(mine) !== canonical(theirs)) {
          mismatches.push(
            `${JSON.stringify(input)} | ${expression}\n  fast: ${canonical(mine)}\n  jq:   ${canonical(theirs)}`,
          );
        }
      });
    }
    expect(mismatches.slice(0, 15).join('\n')).toBe('');
    expect(answered / total).toBeGreaterThan(0.8);
  }, 60_000);

  it('agrees with jq on hand-picked edge cases', async () => {
    const cases: [unknown, string][] = [
      [{ a: 'x' }, '.a.b // 1'],
      [null, '(null, false) // 1'],
      [null, 'empty // 2'],
      [{ a: 5 }, '.a - 1, .a -1, .a-1'],
      [null, '- 1 + 2'],
      [null, '-"a" + "b"'],
      [null, '-"a" * 2'],
      [null, '2 * -"a"'],
      [null, '{a: 1 + 2, b: 1 | . + 1, c: 1 == 1}'],
      [null, '{a: (1,2), b: (3,4)}'],
      [null, '[{a: (1,2), b: (3,4)}]'],
      [null, '[(true, false) and (true, false)]'],
      [null, '[(true, false) or (true, false)]'],
      [null, '["\\(1,2)-\\(3,4)"]'],
      [[5, 6], '[.[(0,1)]]'],
      [[1, 2], '.[1.7], .[-0.5], .[-1.5]'],
      [[1, 2], '[has(1.5), has(-0.5), has(2)]'],
      [null, '"ab" * 0, "ab" * 0.5, "ab" * 2.5, "ab" * -1'],
      [null, '[5 % 2.7, -5 % 3, 5 % -3, 5.9 % 2, -4 % 2]'],
      [null, '2 % 0.5'],
      [null, '1 / 0'],
      [null, '{} - 1'],
      [null, '"a,b," / ","'],
      [null, '"" / ","'],
      [null, '"abc" / ""'],
      [null, '{"a":{"b":1}} * {"a":{"c":2}}'],
      [null, '[1,2,1] - [1]'],
      [null, '{} | .[0]'],
      [null, '"abcdefghijklmnopqrstuvwxyz0123" | .["abcdefghijklmnopqrstuvwxyz0123"]'],
      [null, '"abcdefghijklmnopqrstuvwxyz0123" - 1'],
      [null, '[1,2,3,4,5,6,7,8,9,10,11,12,13] | -.'],
      [null, '"😀😀😀😀😀😀😀" | -.'],
      [null, 'null | keys'],
      [null, '1 | keys'],
      [null, 'add'],
      [[], 'add'],
      [{ b: 1, a: 2, A: 3, é: 4 }, 'keys, tojson'],
      [null, '{(null): 1}'],
      [{ a: 1 }, '{(.a): 1}'],
      [null, 'null | has(0)'],
      [null, 'true | has("a")'],
      [null, '[.a?, .b]'],
      [null, '(1, error("x"))?'],
      [{ a: 'x' }, '.a?.b'],
      [{ a: 'x' }, '.a.b?'],
      [null, '"é" < "😀", "\\uffff" < "😀"'],
      ['😀é', 'length'],
      [{ a: 1 }, '.then, .end, .if'],
      [null, '{if: 1, then: 2}'],
      [{ a: 1 }, '{"a"}'],
      [null, '[1,[2]] | tojson'],
      [null, 'if empty then 1 else 2 end'],
      [null, '[if (true,false) then 1 else 2 end]'],
      [null, '[if true then (1,2) end]'],
      [null, '"a" | error'],
      [{ a: { b: [1] } }, '.a | error'],
      [null, 'error(null)'],
      [null, '2 | error'],
      [null, 'try error({a: 1}) catch .a, (try error(null) catch .), [.[]? | error]'],
      [null, 'error("x\\(1)")'],
      [{ b: 1, '1': 2 }, '[.[]]'],
      [null, '1 - "😀😀😀😀😀😀é"'],
      [null, '"ÀBc" | ascii_downcase, ascii_upcase'],
      // Builtins and syntax added for the definitions in automations/ (issue 12).
      [{ t: ['b', 'a'] }, '.t | join(", "), (sort | join(",")), (first // "none")'],
      [{ t: [] }, '.t | if length == 0 then "(unowned)" else join(", ") end'],
      [{ t: [1, null, true, 'x'] }, '.t | join("-")'],
      [{ t: [{}] }, '.t | join("-")'],
      [{ a: 'é/ a~?&=' }, '.a | @uri, @base64, @html, @json, @text'],
      [{ a: "<'>" }, '.a | @html'],
      [
        { at: '2026-01-01T10:20:30.123Z', h: 2 },
        '(.at[0:19] + "Z" | fromdateiso8601) + (.h * 3600) | todateiso8601',
      ],
      [null, '"2024-02-30T00:00:00Z" | fromdate | todate'],
      [null, '1700000000.9 | todate, strftime("%Y/%m/%d %H:%M:%S %%")'],
      [
        { p: { a: 1, b: 2 }, q: { a: 1, b: 3, c: 4 } },
        '[(.p | to_entries[]), (.q | to_entries[])] | group_by(.key) | map(select(length == 1 or .[0].value != .[1].value) | .[0].key)',
      ],
      [
        { h: 'Degraded' },
        '{"Healthy": 0, "Degraded": 1} as $rank | ($rank[.h // "Healthy"] // 0) > ($rank["x"] // 0)',
      ],
      [
        { a: { b: 1, c: 2 } },
        '.a | to_entries, keys_unsorted, with_entries(select(.value > 1)), (to_entries | from_entries)',
      ],
      [
        null,
        '[{name: "a", value: 1}, {key: false, Key: "k", Value: 2}, {key: "a", value: 3}] | from_entries',
      ],
      [null, '[{key: 1, value: 2}] | from_entries'],
      [null, '[[1]] | from_entries'],
      [
        { s: 'Service A-12 b-3' },
        '.s | test("a"; "i"), [match("(?<w>[a-z]+)-(?<n>[0-9]+)"; "gi")], capture("(?<n>[0-9]+)")',
      ],
      [{ s: 'a b  c' }, '.s | gsub(" +"; "_"), sub(" "; "-"), gsub("(?<x>[a-c])"; "<\\(.x)>")'],
      [{ s: 'abc' }, '.s | sub("b"; 1)'],
      [{ s: 'abc' }, '.s | test("(")'],
      [null, '1 | test("a")'],
      [
        { s: 'abc' },
        '.s | ltrimstr("a"), rtrimstr("c"), ltrimstr(1), (" x " | trim, ltrim, rtrim)',
      ],
      [null, '"1.5", "12", "x", "" | try tonumber catch .'],
      [null, '[3, 1, 2] | sort, sort_by(-.), unique, min, max, reverse, (map(. * 10) | add)'],
      [
        null,
        '[{a: 2, b: 1}, {a: 1, b: 2}, {a: 2, b: 3}] | sort_by(.a), group_by(.a), unique_by(.a), min_by(.b), max_by(.a)',
      ],
      [null, '{} | sort'],
      [
        null,
        '[limit(2; 1, 2, 3)], [limit(0; 1)], first(empty), [first(1, error("x"))], last(1, 2)',
      ],
      [null, 'limit(-1; 1)'],
      [null, '[1, null] | any, all, any(. == null), all(. != null), any(1, error("x"); . == 1)'],
      [null, 'reduce (1, 2, 3) as $x (0; . + $x), [foreach (1, 2) as $x (0; . + $x; [$x, .])]'],
      [
        null,
        'def f(g): [g, g]; def h($a; $b): $a + $b; f(1), h(1; 2), (def fac: if . <= 1 then 1 else . * (. - 1 | fac) end; 5 | fac)',
      ],
      [{ a: 1 }, '. as $x | [1, 2] | .[] as $y | $x.a + $y'],
      [null, '[1, 2 as $x | $x * 10], (1 + 2 as $x | $x), [1 // 2 as $x | $x + 10]'],
      [null, 'try error("x") catch ., (try (1 / 0) catch .), [.[]?], $ENV, env'],
      [null, '"abcdef" | .[1:3], .[-2:], .[:1.5], ([1, 2, 3] | .[1:], .[:-1])'],
      [null, '[-1, 1, null] | map(try abs catch .)'],
      [
        null,
        '[1, [2, [3]]] | flatten, ([1, 2] | map_values(empty)), ({a: 1, b: 2} | map_values(select(. > 1)))',
      ],
      [null, '[range(3)], [range(1; 3)], [range(0.5; 2)], isempty(empty), ([1] | isempty(.[]))'],
    ];
    const mismatches: string[] = [];
    let answered = 0;
    for (const [input, expression] of cases) {
      const program = compileFast(expression);
      const mine = program ? program(input) : DECLINE;
      if (mine === DECLINE) continue;
      answered++;
      const [theirs] = await reference.evaluate(input, [expression]);
      if (canonical(mine) !== canonical(theirs as JqOutcome)) {
        mismatches.push(
          `${expression}: fast ${canonical(mine)} / jq ${canonical(theirs as JqOutcome)}`,
        );
      }
    }
    expect(mismatches).toEqual([]);
    expect(answered).toBeGreaterThan(cases.length * 0.8);
  });
});
