import type { ParsedSource } from './parsed-source.js';
import { createLineIndex } from './source-locator.js';

/** Largest definition file read, in bytes (1 MiB; real ones are a few KiB). */
export const MAX_DEFINITION_BYTES = 1024 * 1024;

/** Deepest `[`/`{` nesting a definition file may have (real ones stay under 20). */
export const MAX_DEFINITION_NESTING = 256;

/**
 * The offset of the first `[` or `{` (outside quoted strings) that opens nesting deeper than
 * `max`, or undefined. Checked before parsing: the parsers recurse per level and a file of
 * 100,000 brackets would overflow the stack (a crash, or an unhelpful "Maximum call stack").
 */
export function excessiveNestingOffset(
  text: string,
  max = MAX_DEFINITION_NESTING,
): number | undefined {
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '{') {
      if (++depth > max) return i;
    } else if (c === ']' || c === '}') depth = Math.max(0, depth - 1);
  }
  return undefined;
}

/** Whether a file is larger than MAX_DEFINITION_BYTES. */
export function isTooLarge(text: string): boolean {
  return text.length > MAX_DEFINITION_BYTES / 4 && Buffer.byteLength(text) > MAX_DEFINITION_BYTES;
}

/** A parse result refusing a file larger than allowed. */
export function tooLarge(file: string, text: string): ParsedSource {
  return refused(
    file,
    { line: 1, column: 1 },
    `the file is ${Buffer.byteLength(text)} bytes, more than ${MAX_DEFINITION_BYTES} (1 MiB) a definition file may have: split it or trim it`,
  );
}

/** A parse result refusing a file nested deeper than allowed, located at the bracket. */
export function tooDeeplyNested(file: string, text: string, offset: number): ParsedSource {
  return refused(
    file,
    createLineIndex(text)(offset),
    `nested more than ${MAX_DEFINITION_NESTING} levels deep: a definition needs far fewer; flatten it`,
  );
}

function refused(
  file: string,
  at: { line: number; column: number },
  message: string,
): ParsedSource {
  return {
    file,
    value: undefined,
    locator: { locate: () => at },
    problems: [
      {
        file,
        ...at,
        severity: 'error',
        rule: 'syntax',
        message,
      },
    ],
  };
}
