/**
 * A `'` at the start of the text or after whitespace, and not followed by whitespace or `"`,
 * opens a string; a `'` not after whitespace or `"`, and followed by whitespace or the end,
 * closes one. The whitespace is part of the match, so one blank cannot serve two quotes:
 * `'a' 'b'` becomes `"a" 'b"` in Port too.
 */
const STRING_EDGE_QUOTE = /(^|\s)'(?![\s"])|(?<![\s"])'(\s|$)/g;

/**
 * Port's rewrite of single-quoted jq strings (`{{ 'a' + .b }}`) into double-quoted ones,
 * applied to every block's jq text before it is evaluated. Exported so that validation
 * compile-checks exactly the text that will run.
 */
export function rewriteSingleQuotes(jq: string): string {
  return jq.replace(
    STRING_EDGE_QUOTE,
    (_match, before: string | undefined, after: string | undefined) =>
      `${before ?? ''}"${after ?? ''}`,
  );
}
