import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { JsonPath } from './json-path.js';
import type { ParsedSource } from './parsed-source.js';
import type { Problem } from './problem.js';
import { createLineIndex, type Position } from './source-locator.js';

const HINTS: Record<string, string> = {
  InvalidCommentToken: 'JSON has no comments: remove it, or write the definition in YAML',
  PropertyNameExpected: 'expected a property name in double quotes (a trailing comma?)',
  ValueExpected: 'expected a value (a trailing comma, or a missing value?)',
  CommaExpected: 'expected a comma between entries',
  ColonExpected: 'expected a colon after the property name',
  CloseBraceExpected: 'expected "}" to close the object',
  CloseBracketExpected: 'expected "]" to close the array',
  EndOfFileExpected: 'unexpected content after the end of the definition',
  UnexpectedEndOfString: 'unterminated string',
  InvalidEscapeCharacter: 'invalid escape sequence in a string',
  InvalidCharacter: 'invalid character (control characters in strings must be escaped)',
  InvalidSymbol: 'invalid symbol (strings need double quotes)',
  InvalidNumberFormat: 'invalid number',
  InvalidUnicode: 'invalid unicode escape',
  UnexpectedEndOfComment: 'unterminated comment',
  UnexpectedEndOfNumber: 'unterminated number',
};

export function parseJsonSource(file: string, text: string): ParsedSource {
  const toPosition = createLineIndex(text);
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, {
    disallowComments: true,
    allowTrailingComma: false,
    allowEmptyContent: false,
  });
  const problems: Problem[] = [];
  if (text.trim() === '') {
    problems.push({
      file,
      line: 1,
      column: 1,
      severity: 'error',
      rule: 'syntax',
      message: 'the file holds no definition: write one automation or action as a JSON object',
    });
    return {
      file,
      value: undefined,
      locator: { locate: () => ({ line: 1, column: 1 }) },
      problems,
    };
  }
  // jsonc-parser recovers and reports follow-on errors; the first one is the real one.
  const first = errors[0];
  if (first) {
    const code = printParseErrorCode(first.error);
    const at = toPosition(first.offset);
    problems.push({
      file,
      ...at,
      severity: 'error',
      rule: 'syntax',
      message: `invalid JSON: ${HINTS[code] ?? code}`,
    });
  }
  if (root) checkDuplicateKeys(root, [], file, toPosition, problems);
  // The tree and line index, until released; then parsed again when asked for. (The closure
  // below must not name `root`, which would keep it.)
  const hasTree = root !== undefined;
  let held: { root: Node; toPosition: (offset: number) => Position } | undefined = root
    ? { root, toPosition }
    : undefined;
  const parsed = () =>
    (held ??= {
      root: parseTree(text, [], { disallowComments: true, allowTrailingComma: false })!,
      toPosition: createLineIndex(text),
    });
  const locator = {
    locate(path: JsonPath, part: 'key' | 'value' = 'value'): Position {
      if (!hasTree) return { line: 1, column: 1 };
      const { root: tree, toPosition: at } = parsed();
      const node = nodeAt(tree, path);
      if (
        part === 'key' &&
        node.parent?.type === 'property' &&
        node.parent.children?.[1] === node
      ) {
        return at(node.parent.children[0]!.offset);
      }
      return at(node.offset);
    },
    release() {
      held = undefined;
    },
  };
  const value = first || !root ? undefined : nodeValue(root);
  return { file, value, locator, problems };
}

function nodeAt(root: Node, path: JsonPath): Node {
  let node = root;
  for (const segment of path) {
    let next: Node | undefined;
    if (node.type === 'object' && typeof segment === 'string') {
      // The last property with a name wins, as in JSON.parse.
      for (const property of node.children ?? []) {
        if (property.children?.[0]?.value === segment) next = property.children[1];
      }
    } else if (node.type === 'array' && typeof segment === 'number') {
      next = node.children?.[segment];
    }
    if (!next) return node;
    node = next;
  }
  return node;
}

function nodeValue(node: Node): unknown {
  switch (node.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const property of node.children ?? []) {
        const [key, value] = property.children ?? [];
        if (key && value) {
          Object.defineProperty(out, key.value as string, {
            value: nodeValue(value),
            enumerable: true,
            writable: true,
            configurable: true,
          });
        }
      }
      return out;
    }
    case 'array':
      return (node.children ?? []).map(nodeValue);
    default:
      return node.value;
  }
}

function checkDuplicateKeys(
  node: Node,
  path: JsonPath,
  file: string,
  toPosition: (offset: number) => Position,
  problems: Problem[],
): void {
  if (node.type === 'object') {
    const seen = new Map<string, Node>();
    for (const property of node.children ?? []) {
      const [key, value] = property.children ?? [];
      if (!key) continue;
      const name = key.value as string;
      const earlier = seen.get(name);
      if (earlier) {
        const first = toPosition(earlier.offset);
        problems.push({
          file,
          ...toPosition(key.offset),
          severity: 'error',
          rule: 'duplicate-key',
          message: `duplicate key "${name}" (first at line ${first.line}): the last one would silently win; remove one`,
        });
      }
      seen.set(name, key);
      if (value) checkDuplicateKeys(value, [...path, name], file, toPosition, problems);
    }
  } else if (node.type === 'array') {
    (node.children ?? []).forEach((child, i) =>
      checkDuplicateKeys(child, [...path, i], file, toPosition, problems),
    );
  }
}
