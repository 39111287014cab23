/** One token of the fast-path subset of jq. */
export type FastToken =
  | { readonly t: 'num'; readonly value: number }
  | { readonly t: 'str'; readonly parts: readonly (string | readonly FastToken[])[] }
  | { readonly t: 'field'; readonly name: string }
  | { readonly t: 'ident'; readonly name: string }
  | { readonly t: 'var'; readonly name: string }
  | { readonly t: 'format'; readonly name: string }
  | { readonly t: 'op'; readonly op: string };

const OPERATORS = ['==', '!=', '<=', '>=', '//', '|', ',', '+', '-', '*', '/', '%', '<', '>'];
const PUNCTUATION = new Set(['.', '(', ')', '[', ']', '{', '}', ':', '?', ';']);
const SIMPLE_ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};
const IDENT = /[A-Za-z_][A-Za-z_0-9]*/y;
/** The `@format`s the fast path models (`@csv`, `@tsv`, `@sh`, `@base64d`, … are left to jq). */
const FORMATS = new Set(['text', 'json', 'base64', 'uri', 'html']);
const NUMBER = /(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/y;

/**
 * Splits an expression into tokens, or returns null when it uses anything the fast path
 * does not model exactly: comments, variables, formats, `..`, assignment operators, `?//`,
 * `::`, number literals jq would print differently from JavaScript (`1.0`, `1e3`), string
 * escapes that are invalid or make lone surrogates, non-ASCII outside strings.
 */
export function lexFast(text: string): FastToken[] | null {
  const lexer = new Lexer(text);
  const tokens = lexer.tokens(false);
  return tokens && lexer.pos === text.length ? tokens : null;
}

class Lexer {
  pos = 0;
  constructor(private readonly text: string) {}

  /** Tokens up to the end, or (inside `\(`) up to the `)` that closes the interpolation. */
  tokens(inInterpolation: boolean): FastToken[] | null {
    const out: FastToken[] = [];
    let depth = 0;
    const { text } = this;
    while (this.pos < text.length) {
      const c = text[this.pos] as string;
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
        this.pos++;
        continue;
      }
      if (c === '"') {
        const token = this.string();
        if (!token) return null;
        out.push(token);
        continue;
      }
      if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(text[this.pos + 1] ?? ''))) {
        NUMBER.lastIndex = this.pos;
        const literal = (NUMBER.exec(text) as RegExpExecArray)[0];
        const value = Number(literal);
        // jq 1.8 keeps a literal's text (`1.0` prints as 1.0, `1e3` as 1E+3).
        if (String(value) !== literal) return null;
        this.pos += literal.length;
        if (/[A-Za-z_0-9.]/.test(text[this.pos] ?? '')) return null;
        out.push({ t: 'num', value });
        continue;
      }
      if (/[A-Za-z_]/.test(c)) {
        IDENT.lastIndex = this.pos;
        const name = (IDENT.exec(text) as RegExpExecArray)[0];
        this.pos += name.length;
        if (text[this.pos] === ':' && text[this.pos + 1] === ':') return null;
        out.push({ t: 'ident', name });
        continue;
      }
      if ((c === '$' || c === '@') && /[A-Za-z_]/.test(text[this.pos + 1] ?? '')) {
        IDENT.lastIndex = this.pos + 1;
        const name = (IDENT.exec(text) as RegExpExecArray)[0];
        this.pos += 1 + name.length;
        if (text[this.pos] === ':' && text[this.pos + 1] === ':') return null;
        if (c === '$') {
          if (name === '__loc__') return null;
          out.push({ t: 'var', name });
        } else {
          if (!FORMATS.has(name)) return null;
          out.push({ t: 'format', name });
        }
        continue;
      }
      if (c === '.' && /[A-Za-z_]/.test(text[this.pos + 1] ?? '')) {
        IDENT.lastIndex = this.pos + 1;
        const name = (IDENT.exec(text) as RegExpExecArray)[0];
        this.pos += 1 + name.length;
        out.push({ t: 'field', name });
        continue;
      }
      // `..`, `?//`, and the update-assignment operators are outside the subset.
      if (/^(?:\.\.|\?\/\/|\/\/=|[|+\-*/%]=)/.test(text.slice(this.pos, this.pos + 3))) {
        return null;
      }
      const op = OPERATORS.find((o) => text.startsWith(o, this.pos));
      if (op) {
        this.pos += op.length;
        out.push({ t: 'op', op });
        continue;
      }
      if (!PUNCTUATION.has(c)) return null;
      if (inInterpolation) {
        if (c === '(') depth++;
        if (c === ')' && depth-- === 0) {
          this.pos++;
          return out;
        }
      }
      this.pos++;
      out.push({ t: 'op', op: c });
    }
    return inInterpolation ? null : out;
  }

  private string(): FastToken | null {
    const { text } = this;
    const parts: (string | FastToken[])[] = [];
    let literal = '';
    this.pos++;
    while (this.pos < text.length) {
      const c = text[this.pos] as string;
      if (c === '"') {
        this.pos++;
        parts.push(literal);
        return { t: 'str', parts };
      }
      if (c !== '\\') {
        // jq parses string text as JSON: raw control characters are errors there.
        const code = c.charCodeAt(0);
        if (code < 0x20 || code === 0x7f || (code >= 0xdc00 && code <= 0xdfff)) return null;
        if (code >= 0xd800 && code <= 0xdbff) {
          const low = text.charCodeAt(this.pos + 1);
          if (!(low >= 0xdc00 && low <= 0xdfff)) return null;
          literal += c + text[this.pos + 1];
          this.pos += 2;
          continue;
        }
        literal += c;
        this.pos++;
        continue;
      }
      const e = text[this.pos + 1] ?? '';
      if (e === '(') {
        this.pos += 2;
        parts.push(literal);
        literal = '';
        const inner = this.tokens(true);
        if (!inner) return null;
        parts.push(inner);
      } else if (e === 'u') {
        const unit = this.unicodeEscape(this.pos);
        if (unit === null) return null;
        if (unit >= 0xd800 && unit <= 0xdbff) {
          const low = text[this.pos + 6] === '\\' ? this.unicodeEscape(this.pos + 6) : null;
          if (low === null || low < 0xdc00 || low > 0xdfff) return null;
          literal += String.fromCharCode(unit, low);
          this.pos += 12;
        } else if ((unit >= 0xdc00 && unit <= 0xdfff) || unit === 0) return null;
        else {
          literal += String.fromCharCode(unit);
          this.pos += 6;
        }
      } else if (e in SIMPLE_ESCAPES) {
        literal += SIMPLE_ESCAPES[e];
        this.pos += 2;
      } else return null;
    }
    return null;
  }

  private unicodeEscape(at: number): number | null {
    const hex = this.text.slice(at + 2, at + 6);
    return this.text[at + 1] === 'u' && /^[0-9A-Fa-f]{4}$/.test(hex) ? parseInt(hex, 16) : null;
  }
}
