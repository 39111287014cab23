/** One `{{ … }}` block found in a template string. Offsets are UTF-16 indexes into the string. */
export interface TemplateBlock {
  /** Index of the opening `{{`. */
  readonly start: number;
  /** Index just past the closing `}}`. */
  readonly end: number;
  /** Index where the jq text starts (`start + 2`). */
  readonly jqStart: number;
  /** Index just past the jq text (`end - 2`). */
  readonly jqEnd: number;
  /** The jq text exactly as Port extracts it, before the single-quote rewrite. */
  readonly jq: string;
}

/** A brace error, with the index Port reports in its message. */
export interface TemplateScanError {
  readonly index: number;
  readonly message: string;
}

export type TemplateScan =
  | { readonly ok: true; readonly blocks: readonly TemplateBlock[] }
  | { readonly ok: false; readonly error: TemplateScanError };

/**
 * Finds the `{{ … }}` blocks of a template string with the rules of Port's
 * renderer (port-labs/jq-node-bindings `lib/template.js`), quirks included:
 * - inside a block, `'` and `"` open and close a quoted region where braces do not count,
 *   and `\` makes the scanner skip the next character;
 * - an opener is a `{` preceded by `{`; in `{{{` the third `{` is skipped by the scanner but
 *   still belongs to the jq text, so `{{{a: 1} }}}` evaluates `{a: 1} `;
 * - a closer is a `}` preceded by `}`; in `}}}` the third `}` is skipped and stays literal text;
 * - a closer outside a block is an error even in a string without `{{`.
 */
export function scanTemplate(text: string): TemplateScan {
  const blocks: TemplateBlock[] = [];
  let quote: string | null = null;
  // Index where the current block's jq text starts; -1 outside a block.
  let jqStart = -1;

  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    const inBlock = jqStart !== -1;
    if (inBlock && char === '\\') {
      // The escaped character is skipped; the backslash itself matches no rule below.
      i++;
      continue;
    }
    if (inBlock && (char === '"' || char === "'")) {
      if (quote === null) quote = char;
      else if (quote === char) quote = null;
      continue;
    }
    if (quote !== null || i === 0 || text[i - 1] !== char) continue;
    if (char === '{') {
      if (inBlock) {
        return fail(
          i - 1,
          `Found double braces in index ${i - 1} inside other one in index ${jqStart - 2}`,
        );
      }
      jqStart = i + 1;
      if (text[i + 1] === '{') i++;
    } else if (char === '}') {
      if (!inBlock) {
        return fail(
          i - 1,
          `Found closing double braces in index ${i - 1} without opening double braces`,
        );
      }
      const jqEnd = i - 1;
      blocks.push({
        start: jqStart - 2,
        end: jqEnd + 2,
        jqStart,
        jqEnd,
        jq: text.slice(jqStart, jqEnd),
      });
      jqStart = -1;
      if (text[i + 1] === '}') i++;
    }
  }

  if (jqStart !== -1) {
    return fail(
      jqStart - 2,
      `Found opening double braces in index ${jqStart - 2} without closing double braces`,
    );
  }
  return { ok: true, blocks };
}

function fail(index: number, message: string): TemplateScan {
  return { ok: false, error: { index, message } };
}
