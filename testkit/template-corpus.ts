/**
 * A deterministic corpus of Port payload templates covering the rules of spec §4 that the
 * installed port-labs renderer (0.0.12) implements: everything but `spreadValue()`.
 */

export interface CorpusCase {
  readonly id: string;
  readonly category: string;
  readonly template: unknown;
}

import { JQ_VERSION_DIFFERENCES } from './jq-version-differences.js';

/** Values of every JSON type, absent paths and `empty`. */
const VALUE_EXPRESSIONS = [
  '.run.id',
  '.event.diff.after.identifier',
  '.event.diff.before.properties',
  '.event.diff.after.properties.replicas',
  '.event.diff.after.team',
  '.event.context.blueprintIdentifier',
  '.event.context.entityIdentifier',
  '.event.action',
  '.trigger.by.user.email',
  '.trigger.at',
  '.inputs',
  '.inputs.ref',
  '.inputs.count',
  '.inputs.services | map(.identifier)',
  '.entity.identifier',
  '.entity',
  '.action.identifier',
  '.secrets.token',
  '.secrets["api-key"]',
  '.nope.deeper',
  'empty',
  'null',
  'true',
  'false',
  '0',
  '-2.5',
  '0.1 + 0.2',
  '1e17',
  '"text"',
  '"é ü \\u00e9"',
  '{}',
  '[]',
  '{a: .run.id, b: [1, null]}',
  '{"z": 1, "a": 2, "10": 3, "2": 4}',
  '[.run.id, .event.action]',
  '.event.diff.after.title // "none"',
  '(.event.diff.after.properties.replicas // 0) + 1',
  '.event.diff.after.properties | keys',
  '.event.diff.after.properties | to_entries | map(.key) | join(",")',
  '[.event.diff.after.team[]?] | length',
  '.event.diff.after.title | ascii_upcase?',
  '(.event.diff.after.title // "") | gsub(" "; "_")',
  '.run.id | test("^r_")',
  '.event.diff.after.properties.url | @uri',
  '.run.id | @base64',
  '. | tojson | length > 10',
  'if .event == null then "self-service" else .event.action end',
  'if (.inputs | has("ref")?) then "ref" else null end',
  '.event.diff.before == null',
  '[.[] | type]',
  '.inputs.config | tostring',
  '"\\(.run.id)-\\(.event.action)"',
  '.run.id, .event.action',
  'env',
  '$ENV',
  '$ENV.PATH',
  'env.HOME',
  '{} | .a.b.c',
  '[limit(2; .event.diff.after.team[]?)]',
  'def twice(f): f, f; [twice(.run.id)]',
  '.event.diff.after.properties.tags | join("-")?',
  '"}}" + .run.id',
  '"{{"',
  '"a\\"}}b"',
  "'single'",
  "'https://url.' + .run.id",
  "'a' + 'b'",
  "'it' + \"'s\"",
  '"it\'s"',
  "'a' 'b'",
  "' x '",
];

const ERROR_EXPRESSIONS = [
  '.run.id | tonumber',
  '.run.id + 1',
  '.event.diff.after.team | .[0].x',
  'error("boom")',
  '{} | keys | .[0] | ascii_downcase',
  '1 +',
  '.a..b',
  ')',
  'unknown_function(1)',
  '',
  ' ',
  '.[',
];

const KEY_EXPRESSIONS = [
  '"ref"',
  '.run.id',
  '.inputs.ref',
  'null',
  'empty',
  '""',
  '.nope',
  'if (.inputs | has("ref")?) then "ref" else null end',
  '"10"',
  '"__proto__"',
  '1',
  'true',
  '{}',
  '[1]',
  '.event.diff.after.properties',
  '1 +',
  '.run.id | tonumber',
];

const LITERALS = [
  '',
  'x',
  'Service ',
  ' degraded',
  'https://x.example/api?q=',
  '&n=',
  '"',
  "'",
  '{',
  '}',
  '{ }',
  '\\',
  'ü',
  '\n',
  ' ',
];

/** mulberry32: small, fast, good enough for picking test cases. */
function createRandom(seed: number) {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  return { next, int, pick };
}
type Random = ReturnType<typeof createRandom>;

const pad = (r: Random): string => r.pick(['', ' ', '  ', '\n']);
const block = (r: Random, expression: string): string => `{{${pad(r)}${expression}${pad(r)}}}`;

function whole(r: Random, pool: readonly string[] = VALUE_EXPRESSIONS): string {
  return `${r.pick(['', ' ', '\n '])}${block(r, r.pick(pool))}${r.pick(['', ' ', '\t'])}`;
}

function interpolation(r: Random, pool: readonly string[] = VALUE_EXPRESSIONS): string {
  const count = 1 + r.int(3);
  let text = r.pick(LITERALS);
  for (let i = 0; i < count; i++) text += block(r, r.pick(pool)) + r.pick(LITERALS);
  // One block with text around it is interpolation; make sure it is not accidentally whole.
  return count === 1 && text.trim().startsWith('{{') && text.trim().endsWith('}}')
    ? `>${text}`
    : text;
}

/** Strings exercising the brace scanner: quotes, escapes, triple braces, errors. */
const SCANNER_STRINGS = [
  '{{ "}}" }}',
  "{{ '}}' }}",
  `{{ '"}}' }}`,
  '{{ "a\\"}}b" }}',
  '{{ "\\\\" }}',
  'x{{ "{{" }}y',
  '{{{a: .run.id} }}}',
  '{{{a: .run.id}}}',
  'x{{{.run.id}}}y',
  '{{ .run.id }}}',
  '{{{ "x" }}',
  '{{ .run.id }}}}',
  '{{{{ .run.id }}',
  '{{.run.id}}{{.event.action}}',
  '{{.run.id}}{{{.event.action}}}',
  '{{ {{ .run.id }} }}',
  '{{ .a {{',
  'a }} b',
  '}}',
  '{{',
  '{{ .run.id',
  '{{ "}} ',
  '{{ \\{{ }}',
  '{{ .run.id \\}} }}',
  '\\{{ .run.id }}',
  '"{{ .run.id }}"',
  "'{{ .run.id }}'",
  '{ {{ .run.id }} }',
  '{{}}',
  '{{ }}',
  ' {{ .run.id }} {{ .run.id }} ',
  '{{ .run.id }} }',
  '{ {{ .run.id }}',
];

function scalar(r: Random): unknown {
  return r.pick([0, 1.5, -3, true, false, null, 'plain', '', 'no braces { here }']);
}

function stringTemplate(r: Random): string {
  const roll = r.next();
  if (roll < 0.35) return whole(r);
  if (roll < 0.65) return interpolation(r);
  if (roll < 0.75) return r.pick([whole, interpolation])(r, ERROR_EXPRESSIONS);
  if (roll < 0.85) return r.pick(SCANNER_STRINGS);
  return r.pick(LITERALS);
}

function key(r: Random): string {
  const roll = r.next();
  if (roll < 0.5)
    return r.pick([
      'url',
      '',
      'ref',
      'a',
      'b',
      'run_id',
      '2',
      '10',
      'Content-Type',
      '__proto__',
      'a.b',
    ]);
  if (roll < 0.8) return whole(r, KEY_EXPRESSIONS);
  return `k-${block(r, r.pick(KEY_EXPRESSIONS))}`;
}

function value(r: Random, depth: number): unknown {
  const roll = r.next();
  if (depth > 0 && roll < 0.2) return object(r, depth - 1);
  if (depth > 0 && roll < 0.3) return array(r, depth - 1);
  if (roll < 0.4) return scalar(r);
  return stringTemplate(r);
}

function array(r: Random, depth: number): unknown[] {
  return Array.from({ length: r.int(4) }, () => value(r, depth));
}

function object(r: Random, depth: number): Record<string, unknown> {
  return Object.fromEntries(Array.from({ length: 1 + r.int(5) }, () => [key(r), value(r, depth)]));
}

/** Builds the corpus; the same seed always gives the same cases. */
export function generateTemplateCorpus(seed: number, perCategory: number): CorpusCase[] {
  const r = createRandom(seed);
  const cases: CorpusCase[] = [];
  const add = (category: string, make: () => unknown): void => {
    for (let i = 0; i < perCategory; i++)
      cases.push({ id: `${category}#${i}`, category, template: make() });
  };
  // Every fixed expression and scanner string appears at least once, whole and interpolated.
  VALUE_EXPRESSIONS.forEach((e, i) => {
    cases.push({
      id: `expression#${i}`,
      category: 'expression',
      template: [`{{ ${e} }}`, `<{{${e}}}>`],
    });
  });
  ERROR_EXPRESSIONS.forEach((e, i) => {
    cases.push({
      id: `jq-error#${i}`,
      category: 'jq-error',
      template: { a: `{{${e}}}`, b: `x {{ ${e} }} y` },
    });
  });
  KEY_EXPRESSIONS.forEach((e, i) => {
    cases.push({
      id: `key#${i}`,
      category: 'key',
      template: { first: 1, [`{{ ${e} }}`]: '{{ .run.id }}', last: 2 },
    });
  });
  JQ_VERSION_DIFFERENCES.forEach(({ expression }, i) => {
    cases.push({
      id: `jq-version#${i}`,
      category: 'jq-version',
      template: { a: `{{ ${expression} }}` },
    });
  });
  SCANNER_STRINGS.forEach((s, i) => {
    cases.push({ id: `scanner#${i}`, category: 'scanner', template: s });
  });
  add('whole', () => whole(r));
  add('interpolation', () => interpolation(r));
  add('keys', () => object(r, 0));
  add('array', () => array(r, 2));
  add('nested', () => object(r, 2));
  add('payload', () => ({
    url: r.pick([
      'https://x.example/{{ .run.id }}',
      "{{'https://url.' + .run.id}}",
      'https://static.example',
    ]),
    headers: { RUN_ID: '{{ .run.id }}', Authorization: 'Bearer {{ .secrets.token }}' },
    body: object(r, 1),
  }));
  return cases;
}

const SOUP_PIECES = ['{', '}', '{{', '}}', "'", '"', '\\', '.a', ' ', 'x', '[]', '{a:1}'];

/** Short random strings of braces, quotes and backslashes, to probe the brace scanner. */
export function generateBraceSoup(seed: number, count: number): string[] {
  const r = createRandom(seed);
  const soup = (): string => Array.from({ length: r.int(8) }, () => r.pick(SOUP_PIECES)).join('');
  return Array.from({ length: count }, () =>
    r.next() < 0.5 ? `${soup()}{{${soup()}}}${soup()}` : soup(),
  );
}
