import type { JsonPath } from './json-path.js';

export interface Position {
  /** 1-based line. */
  readonly line: number;
  /** 1-based column. */
  readonly column: number;
}

/**
 * Maps a JSON path inside a parsed definition back to its place in the source.
 * `key` asks for the property name, `value` for the value. A path that does not
 * exist resolves to its nearest existing ancestor.
 */
export interface SourceLocator {
  locate(path: JsonPath, part?: 'key' | 'value'): Position;
  /**
   * Lets go of the parse tree (memory: a server holding thousands of definitions keeps only
   * their values); a later `locate` parses the text again.
   */
  release?(): void;
}

/** Converts character offsets to 1-based line and column. */
export function createLineIndex(text: string): (offset: number) => Position {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1 };
  };
}
