/**
 * Expressions whose result differs between Port's renderer (jq 1.6, native) and ours
 * (jq 1.8.2). Each is rendered as the whole-string template `{{ expression }}` on the data
 * `{ "n": 1 }`; `port` and `ours` are the values each side produces, and `oursFails` says
 * whether we report a jq error. docs/template-differences.md explains them.
 */
export interface JqVersionDifference {
  readonly expression: string;
  readonly reason: string;
  readonly port: unknown;
  readonly ours: unknown;
  readonly oursFails: boolean;
}

export const JQ_VERSION_DIFFERENCES: readonly JqVersionDifference[] = [
  {
    expression: 'error(null)',
    reason: 'jq 1.6 treats error(null) as no output; jq 1.8 raises "null (not a string)"',
    port: undefined,
    ours: null,
    oursFails: true,
  },
  {
    expression: '[limit(0; 1, 2)]',
    reason: 'jq 1.6 emits one value for limit(0; …); jq 1.8 emits none',
    port: [1],
    ours: [],
    oursFails: false,
  },
  {
    expression: '[-1, 1] | map(abs)',
    reason:
      'abs, trim, pick, toarray, have_decnum, … are jq 1.7+ builtins: a compile error (null) in Port',
    port: null,
    ours: [1, 1],
    oursFails: false,
  },
  {
    expression: '" a " | trim',
    reason:
      'abs, trim, pick, toarray, have_decnum, … are jq 1.7+ builtins: a compile error (null) in Port',
    port: null,
    ours: 'a',
    oursFails: false,
  },
  {
    expression: '1.0 | tojson',
    reason:
      'jq 1.7+ keeps the text of number literals (1.0, 100000000000000000001) when printing them',
    port: '1',
    ours: '1.0',
    oursFails: false,
  },
  {
    expression: '1e17 | tostring',
    reason: 'jq 1.8 prints large numbers as 1E+17 where jq 1.6 prints 1e+17',
    port: '1e+17',
    ours: '1E+17',
    oursFails: false,
  },
  {
    expression: '.n | ltrimstr("x")',
    reason: 'ltrimstr/rtrimstr on a non-string returns the input in jq 1.6 and fails in jq 1.8.2',
    port: 1,
    ours: null,
    oursFails: true,
  },
  {
    expression: 'infinite',
    reason: 'Port returns Infinity (null once serialized); jq 1.8 prints ±1.7976931348623157e+308',
    port: Infinity,
    ours: 1.7976931348623157e308,
    oursFails: false,
  },
  {
    expression: '"a\\u0000b"',
    reason: 'Port cuts strings at a NUL character; we keep it',
    port: 'a',
    ours: 'a\u0000b',
    oursFails: false,
  },
  {
    expression: '[1, 2] | map_values(empty)',
    reason: 'jq 1.6 bug: map_values(empty) on an array keeps every other element',
    port: [2],
    ours: [],
    oursFails: false,
  },
  {
    expression: '"a" * 0',
    reason: 'repeating a string 0 times gives null in jq 1.6 and "" in jq 1.8',
    port: null,
    ours: '',
    oursFails: false,
  },
];
