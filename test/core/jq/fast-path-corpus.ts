/**
 * A seeded, deterministic corpus for the fast path's differential test: expressions drawn
 * from the fast-path grammar and inputs covering every JSON type, edge numbers, unicode
 * and missing keys.
 */

/** mulberry32: small, fast, deterministic. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PATHS = [
  '.',
  '.a',
  '.b',
  '.s',
  '.n',
  '.a.b',
  '.o.x',
  '.l[0]',
  '.l[1]',
  '.l[-1]',
  '.l[1.7]',
  '.["a"]',
  '."s"',
  '.o["x"]',
  '.l[.n]',
  '.missing',
  '.missing.deeper',
  '.a?',
  '.s.x?',
  '.l[]?',
  '.o[]',
  '.[0]',
  '.[]?',
  '.l.[0]',
];
const NUMBERS = ['0', '1', '2', '3', '10', '1.5', '0.1', '0.25', '100', '12345', '0.001'];
const STRINGS = [
  '""',
  '"a"',
  '"x"',
  '"hello"',
  '"Hello World"',
  '"é"',
  '"😀"',
  '"a\\nb"',
  '"\\u00e9t\\u00e9"',
  '"tab\\there"',
  '"quote\\"d"',
  '"abcdefghijklmnopqrstuvwxyz0123"',
  '"\\u007f"',
  '"1"',
];
const BINOPS = ['+', '-', '*', '/', '%', '==', '!=', '<', '<=', '>', '>=', 'and', 'or', '//'];
const NULLARY = [
  'length',
  'not',
  'tostring',
  'tojson',
  'ascii_downcase',
  'ascii_upcase',
  'type',
  'keys',
  'add',
  'empty',
  'keys_unsorted',
  'to_entries',
  'from_entries',
  'trim',
  'ltrim',
  'rtrim',
  'tonumber',
  'abs',
  'reverse',
  'sort',
  'unique',
  'min',
  'max',
  'first',
  'last',
  'flatten',
  'values',
  'nulls',
  'strings',
  'numbers',
  'booleans',
  'arrays',
  'objects',
  'iterables',
  'scalars',
  'any',
  'all',
  'fromdateiso8601',
  'todateiso8601',
  'fromdate',
  'todate',
  'env',
  '$ENV',
  '@text',
  '@json',
  '@base64',
  '@uri',
  '@html',
];
/** Builtins taking one filter or `$value` argument. */
const UNARY = [
  'with_entries',
  'map_values',
  'join',
  'split',
  'ltrimstr',
  'rtrimstr',
  'sort_by',
  'group_by',
  'unique_by',
  'min_by',
  'max_by',
  'first',
  'last',
  'any',
  'all',
  'isempty',
  'range',
  'strftime',
];
const REGEXES = [
  '"a"',
  '"^H"',
  '"[a-z]+"',
  '"(?<d>[0-9]+)"',
  '"l+"',
  '"\\\\d"',
  '"o$"',
  '"(?<x>a)|(?<y>b)"',
  '"(x)?y"',
  '"x*"',
  '"[^a-c]"',
  '"e{2,}"',
  '"a.c"',
  '"(?<w>\\\\w+)-(?<n>\\\\d+)"',
  '"(?i)a"',
  '1',
];
const REGEX_FLAGS = ['"g"', '"i"', '"gi"', 'null', '""', '"x"', '"q"'];
const DATES = ['"2026-01-01T00:00:00Z"', '"2024-02-29T23:59:59Z"', '"2026-13-01T00:00:00Z"', '"x"'];
const FORMATS = ['"%Y-%m-%dT%H:%M:%SZ"', '"%Y/%m/%d %%"', '"%H:%M"', '"%A"', '1'];

export function generateExpressions(count: number, seed: number): string[] {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const atom = (): string => {
    const r = random();
    if (r < 0.45) return pick(PATHS);
    if (r < 0.6) return pick(NUMBERS);
    if (r < 0.8) return pick(STRINGS);
    if (r < 0.85) return pick(['true', 'false', 'null']);
    if (r < 0.9) return pick([...DATES, '1700000000', '-1', '"  pad "', '"1.5"', '"x1"']);
    return pick(['[]', '{}', '[1,2]', '{"a":1}']);
  };
  const expr = (depth: number): string => {
    if (depth <= 0 || random() < 0.25) return atom();
    const sub = (): string => expr(depth - 1);
    switch (Math.floor(random() * 30)) {
      case 16:
      case 17:
        return `${sub()} | ${pick(UNARY)}(${sub()})`;
      case 18:
        return `${sub()} | ${pick(['test', 'match', 'capture'])}(${pick(REGEXES)}${random() < 0.4 ? `; ${pick(REGEX_FLAGS)}` : ''})`;
      case 19:
        return `${sub()} | ${pick(['sub', 'gsub'])}(${pick(REGEXES)}; ${pick(['"_"', '"<\\(.x)>"', '.d', '1', '"-"', '(.y // "z")'])}${random() < 0.3 ? `; ${pick(REGEX_FLAGS)}` : ''})`;
      case 20:
        return `${sub()} as $v | ${pick(['$v', '[$v, .]', '$v + 1', '{$v}', `${sub()}`])}`;
      case 21:
        return `reduce ${pick(['.[]?', '.l[]?', '(1,2,3)', 'empty', sub()])} as $x (${pick(['0', 'null', '[]', '""'])}; ${pick(['. + $x', '$x', '[., $x]', 'empty', '., 1'])})`;
      case 22:
        return `[foreach ${pick(['.[]?', '.l[]?', '(1,2)', sub()])} as $x (${pick(['0', 'null'])}; ${pick(['. + $x', '$x', 'empty', '(., 5)'])}${random() < 0.5 ? `; ${pick(['[$x, .]', '.', 'empty'])}` : ''})]`;
      case 23:
        return `def f${pick(['', '(g)', '($a)', '(g; $b)'])}: ${pick(['.', '. + 1', 'g', '$a', '[g, $b]', 'length'])}; ${pick(['f', 'f(.)', 'f(1)', 'f(.a; 2)', '[f(1,2)]', 'f(.n; .s)'])}`;
      case 24:
        return `${sub()} | .[${pick(['1', '-1', '1.5', 'null', '0', '"a"'])}:${pick(['2', '-1', '2.5', '', '10'])}]`;
      case 25:
        return `try ${pick(['error("x")', '(1, error("y"))', '(.a | tonumber)', '.[0]', '-.s', '(.o | error)', 'error(null)', '(.l | error)'])} catch ${pick(['.', 'length', '"caught: \\(.)"'])}`;
      case 26:
        return `[limit(${pick(['0', '1', '2', '-1', '1.5'])}; ${sub()}, ${sub()})]`;
      case 27:
        return `[${pick(['any', 'all'])}(${pick(['.[]?', '(1, null)', 'empty', sub()])}; ${pick(['.', '. == 1', 'not', 'error("e")'])})]`;
      case 28:
        return `[range(${pick(['0', '2', '-1', '1.5', '"a"'])}${random() < 0.5 ? `; ${pick(['3', '0', '2.5'])}` : ''})]`;
      case 29:
        return `${sub()} | ${pick(['fromdate', 'todate', 'fromdateiso8601 | todate'])}, (${pick(['1700000000', '0', '9999999999', '"x"', '[1]'])} | strftime(${pick(FORMATS)}))`;
      case 0:
      case 1:
      case 2:
        return `${sub()} ${pick(BINOPS)} ${sub()}`;
      case 3:
        return `(${sub()}) ${pick(BINOPS)} (${sub()})`;
      case 4:
        return `${sub()} | ${pick(NULLARY)}`;
      case 5:
        return `if ${sub()} then ${sub()} ${random() < 0.3 ? `elif ${sub()} then ${sub()} ` : ''}${random() < 0.7 ? `else ${sub()} ` : ''}end`;
      case 6:
        return `{a: ${sub()}, "b": ${sub()}${random() < 0.4 ? `, (${sub()}): 1` : ''}${random() < 0.3 ? ', s' : ''}}`;
      case 7:
        return `[${sub()}${random() < 0.5 ? `, ${sub()}` : ''}]`;
      case 8:
        return `"pre\\(${sub()})${random() < 0.3 ? `mid\\(${sub()})` : ''}"`;
      case 9:
        return `${pick(['has', 'startswith', 'endswith'])}(${sub()})`;
      case 10:
        return `${sub()} | ${pick(['select', 'map'])}(${sub()})`;
      case 11:
        return `-(${sub()})`;
      case 12:
        return `(${sub()})?`;
      case 13:
        return `${sub()} | ${sub()}`;
      case 14:
        return `[${sub()}, ${sub()}] | .[${pick(['0', '1', '-1', '2'])}]`;
      default:
        return `[(${sub()}), (${sub()})] | ${pick(['length', 'add', 'tojson', '.[0]', 'keys'])}`;
    }
  };
  const out = new Set<string>();
  while (out.size < count) out.add(expr(3));
  return [...out];
}

export const DIFFERENTIAL_INPUTS: readonly unknown[] = [
  null,
  0,
  -2.5,
  'Hello',
  '',
  [],
  [1, 2, 3],
  ['a', 'b'],
  {},
  { a: 1, b: 'x', n: 1, s: 'Svc-A', l: [1, 2, 3], o: { x: 'y' } },
  { a: { b: 'deep' }, b: [1, { c: 2 }], n: -1, s: 'éé😀', l: ['x', null, true], o: { x: 1.5 } },
  { a: null, b: false, n: 0.1, s: 'abcdefghijklmnopqrstuvwxyz0123456789', l: [], o: {} },
  { a: 'A', b: 2, n: 2, s: '', l: [[1], { z: 1 }, 'q'], o: { x: [1, 2] }, '1': 'one' },
  { a: 123456789, b: 1e-7, n: 1e20, s: 'x', l: [0.30000000000000004, -0], o: { x: null } },
  'Hello World 42-7 aaa',
  '2026-01-01T00:00:00Z',
  [
    { key: 'a', value: 1 },
    { name: 'b', value: 2 },
    { k: 'c', Value: 3 },
  ],
  [3, 1, 2, 1, 'b', 'a', null, [1], { z: 1 }],
  {
    a: ' padded ',
    b: 'x-1',
    n: 1700000000,
    s: 'ab-12 cd-3',
    l: ['2024-02-29T23:59:59Z', 'abc'],
    o: { x: 'Y', key: 'k', value: 'v' },
    t: '2026-01-01T00:00:00Z',
  },
];
