import { binaryOp } from './fast-operators.js';
import { describe, FAST_DECLINE, FastJqError } from './fast-values.js';

/**
 * jq's regex builtins (`test`, `match`, `capture`, `sub`, `gsub`) for the part of
 * Oniguruma's Perl-NT syntax that JavaScript's RegExp reads the same way, on printable
 * ASCII subjects (so offsets in code points equal UTF-16 offsets, `\d \w \s` agree, `.`
 * never meets a newline and `^ $` only meet the ends). Anything else is left to jq:
 * backreferences, possessive quantifiers, POSIX brackets, look-behind, the `x n s l p`
 * flags, empty matches in global mode.
 */

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const MAX_PATTERN = 200;

interface Compiled {
  readonly regex: RegExp;
  readonly names: readonly (string | null)[];
}

const cache = new Map<string, Compiled | null>();

/** Translates a pattern, or returns null when it is outside the modelled subset. */
function translate(pattern: string, flags: string): Compiled | null {
  if (pattern.length > MAX_PATTERN || !PRINTABLE_ASCII.test(pattern)) return null;
  const names: (string | null)[] = [];
  let out = '';
  let i = 0;
  let atomEnd = false; // whether the previous item can take a quantifier
  let quantified = false; // whether the previous item already took one
  while (i < pattern.length) {
    const c = pattern[i] as string;
    if (c === '\\') {
      const e = pattern[i + 1];
      if (e === undefined) return null;
      if (/[dDwWsS]/.test(e)) out += `\\${e}`;
      else if (e === 'b' || e === 'B') {
        out += `\\${e}`;
        atomEnd = false;
        i += 2;
        continue;
      } else if (/[.\\/\-^$*+?()[\]{}|]/.test(e)) out += `\\${e}`;
      else if (e === 'n' || e === 't') out += `\\${e}`;
      else return null;
      i += 2;
      atomEnd = true;
      quantified = false;
      continue;
    }
    if (c === '[') {
      let j = i + 1;
      let body = '';
      if (pattern[j] === '^') {
        body += '^';
        j++;
      }
      if (pattern[j] === ']') return null;
      for (; j < pattern.length && pattern[j] !== ']'; j++) {
        const d = pattern[j] as string;
        if (d === '[' || (d === '&' && pattern[j + 1] === '&')) return null;
        if (d === '\\') {
          const e = pattern[j + 1];
          if (e === undefined || !/[dDwWsS.\\/\-^$*+?()[\]{}|]/.test(e)) return null;
          body += `\\${e}`;
          j++;
        } else if (d === '/') body += '\\/';
        else body += d;
      }
      if (pattern[j] !== ']') return null;
      out += `[${body}]`;
      i = j + 1;
      atomEnd = true;
      quantified = false;
      continue;
    }
    if (c === '(') {
      if (pattern.startsWith('(?:', i)) {
        out += '(?:';
        i += 3;
      } else if (pattern.startsWith('(?<', i)) {
        const m = /^\(\?<([A-Za-z_][A-Za-z0-9_]*)>/.exec(pattern.slice(i));
        if (!m) return null;
        names.push(m[1] as string);
        out += m[0];
        i += m[0].length;
      } else if (pattern[i + 1] === '?') return null;
      else {
        names.push(null);
        out += '(';
        i++;
      }
      atomEnd = false;
      continue;
    }
    if (c === ')') {
      out += ')';
      i++;
      atomEnd = true;
      quantified = false;
      continue;
    }
    if (c === '*' || c === '+' || c === '?' || c === '{') {
      let q = c;
      if (c === '{') {
        const m = /^\{(\d{1,3})(,(\d{1,3})?)?\}/.exec(pattern.slice(i));
        if (!m) return null;
        q = m[0];
      }
      if (!atomEnd || quantified) return null;
      i += q.length;
      const next = pattern[i];
      if (next === '+') return null; // possessive
      if (next === '?') {
        q += '?';
        i++;
      }
      out += q;
      quantified = true;
      continue;
    }
    if (c === '|' || c === '^' || c === '$') {
      out += c;
      i++;
      atomEnd = false;
      continue;
    }
    if (c === ']' || c === '}') return null;
    out += c === '/' ? '\\/' : c;
    i++;
    atomEnd = true;
    quantified = false;
  }
  try {
    return { regex: new RegExp(out, `dg${flags.includes('i') ? 'i' : ''}`), names };
  } catch {
    return null;
  }
}

interface Options {
  readonly compiled: Compiled;
  readonly global: boolean;
}

function prepare(input: unknown, pattern: unknown, flags: unknown): Options {
  if (typeof input !== 'string') {
    throw new FastJqError(`${describe(input)} cannot be matched, as it is not a string`);
  }
  if (typeof pattern !== 'string') throw FAST_DECLINE;
  if (flags !== null && typeof flags !== 'string') throw FAST_DECLINE;
  const f = flags ?? '';
  if (!/^[gi]*$/.test(f)) throw FAST_DECLINE;
  if (!PRINTABLE_ASCII.test(input)) throw FAST_DECLINE;
  const key = `${f.includes('i') ? 'i' : ''}/${pattern}`;
  let compiled = cache.get(key);
  if (compiled === undefined) {
    compiled = translate(pattern, f);
    if (cache.size > 1000) cache.clear();
    cache.set(key, compiled);
  }
  if (!compiled) throw FAST_DECLINE;
  return { compiled, global: f.includes('g') };
}

interface Capture {
  readonly offset: number;
  readonly length: number;
  readonly string: string | null;
  readonly name: string | null;
}

interface Match {
  readonly offset: number;
  readonly length: number;
  readonly string: string;
  readonly captures: Capture[];
}

function matches(input: string, { compiled, global }: Options): Match[] {
  const { regex, names } = compiled;
  regex.lastIndex = 0;
  const out: Match[] = [];
  for (;;) {
    const m = regex.exec(input);
    if (!m) break;
    if (m[0] === '' && global) throw FAST_DECLINE;
    const indices = captureOffsets(m);
    out.push({
      offset: m.index,
      length: m[0].length,
      string: m[0],
      captures: names.map((name, k) => {
        const text = m[k + 1];
        if (text === undefined) return { offset: -1, string: null, length: 0, name } as Capture;
        return { offset: indices[k] as number, length: text.length, string: text, name };
      }),
    });
    if (!global) break;
  }
  return out;
}

/** Group offsets, from the `d` flag's indices. */
function captureOffsets(m: RegExpExecArray): number[] {
  const indices = m.indices as RegExpIndicesArray;
  return Array.from({ length: m.length - 1 }, (_, k) => indices[k + 1]?.[0] ?? -1);
}

export function testRegex(input: unknown, pattern: unknown, flags: unknown): boolean {
  const options = prepare(input, pattern, flags);
  const { regex } = options.compiled;
  regex.lastIndex = 0;
  return regex.test(input as string);
}

export function matchRegex(input: unknown, pattern: unknown, flags: unknown): Match[] {
  return matches(input as string, prepare(input, pattern, flags));
}

function captureObject(match: Match): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const c of match.captures) {
    if (c.name === null) continue;
    if (c.name === '__proto__' || /^(?:0|[1-9][0-9]*)$/.test(c.name)) throw FAST_DECLINE;
    out[c.name] = c.string;
  }
  return out;
}

export function captureRegex(input: unknown, pattern: unknown, flags: unknown): unknown[] {
  return matchRegex(input, pattern, flags).map(captureObject);
}

/**
 * `sub`/`gsub`: `replace` gives each match's replacement (from its named captures); a
 * replacement must be exactly one output (several outputs multiply the results in jq).
 */
export function substitute(
  input: unknown,
  pattern: unknown,
  flags: unknown,
  replace: (captures: Record<string, unknown>) => unknown,
): unknown {
  const found = matchRegex(input, pattern, flags);
  const s = input as string;
  let result: unknown = null;
  let previous = 0;
  for (const m of found) {
    const gap = s.slice(previous, m.offset);
    const insert = binaryOp('+', gap, replace(captureObject(m)));
    result = result === null ? insert : binaryOp('+', result, insert);
    previous = m.offset + m.length;
  }
  if (result === null) return s;
  return binaryOp('+', result, s.slice(previous));
}
