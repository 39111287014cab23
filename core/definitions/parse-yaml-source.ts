import {
  LineCounter,
  isMap,
  isScalar,
  isSeq,
  parseAllDocuments,
  type Document,
  type Node as YamlNode,
  type Pair,
} from 'yaml';
import type { JsonPath } from './json-path.js';
import type { ParsedSource } from './parsed-source.js';
import type { Problem } from './problem.js';
import type { Position } from './source-locator.js';

const OPTIONS = { prettyErrors: false, uniqueKeys: true, strict: true } as const;

export function parseYamlSource(file: string, text: string): ParsedSource {
  const { documents: list, at } = parseYaml(text);
  const problems: Problem[] = [];
  const syntax = (offset: number, message: string, rule = 'syntax') =>
    problems.push({ file, ...at(offset), severity: 'error', rule, message });

  const document = list[0];
  for (const error of document?.errors ?? []) {
    if (error.code === 'DUPLICATE_KEY') {
      syntax(
        error.pos[0],
        'duplicate key: the last one would silently win; remove one',
        'duplicate-key',
      );
    } else {
      syntax(error.pos[0], `invalid YAML: ${firstLine(error.message)}`);
    }
  }
  const second = list[1];
  if (second) {
    syntax(
      second.range[0],
      'more than one YAML document in this file: put one definition per file (remove the "---" separator)',
    );
  }

  const root = document?.contents as YamlNode | null | undefined;
  if (problems.length === 0 && (root === null || root === undefined)) {
    syntax(0, 'the file holds no definition: write one automation or action as a YAML mapping');
  }
  // The tree, until released; then parsed again when asked for. (The closures below must not
  // name `root`, which would keep it.)
  let held: Located | undefined = root ? { root, at } : undefined;
  const parsed = (): Located | undefined => (held ??= locate(text));
  const locator = {
    locate(path: JsonPath, part: 'key' | 'value' = 'value'): Position {
      const tree = parsed();
      return tree ? positionOf(tree, path, part) : { line: 1, column: 1 };
    },
    release() {
      held = undefined;
    },
  };

  let value: unknown;
  if (problems.length === 0 && document) {
    try {
      value = document.toJS({ maxAliasCount: 100 });
    } catch (error) {
      syntax(root?.range?.[0] ?? 0, `invalid YAML: ${(error as Error).message}`);
    }
  }
  if (problems.some((p) => p.severity === 'error')) value = undefined;
  return { file, value, locator, problems };
}

interface Located {
  readonly root: YamlNode;
  readonly at: (offset: number) => Position;
}

/** The file's documents, and positions by offset. */
function parseYaml(text: string): {
  documents: Document.Parsed[];
  at: (offset: number) => Position;
} {
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, { ...OPTIONS, lineCounter });
  return {
    documents: Array.isArray(documents) ? (documents as Document.Parsed[]) : [],
    at: (offset) => {
      const { line, col } = lineCounter.linePos(offset);
      return { line, column: col };
    },
  };
}

function locate(text: string): Located | undefined {
  const { documents, at } = parseYaml(text);
  const root = documents[0]?.contents as YamlNode | null | undefined;
  return root ? { root, at } : undefined;
}

function positionOf({ root, at }: Located, path: JsonPath, part: 'key' | 'value'): Position {
  const { node, pair } = nodeAt(root, path);
  if (part === 'key' && pair && isScalar(pair.key) && pair.key.range) {
    return at(pair.key.range[0]);
  }
  if (
    pair &&
    node === pair.value &&
    (isMap(node) || isSeq(node)) &&
    !node.flow &&
    isScalar(pair.key)
  ) {
    // A block collection starts on the line after its key: point at the key people read.
    return at(pair.key.range![0]);
  }
  return at(node.range?.[0] ?? 0);
}

function nodeAt(root: YamlNode, path: JsonPath): { node: YamlNode; pair?: Pair } {
  let node = root;
  let pair: Pair | undefined;
  for (const segment of path) {
    let next: YamlNode | undefined;
    let nextPair: Pair | undefined;
    if (isMap(node) && typeof segment === 'string') {
      for (const item of node.items) {
        const key = isScalar(item.key) ? String(item.key.value) : undefined;
        if (key === segment) {
          nextPair = item as Pair;
          next = item.value as YamlNode | undefined;
          // `key:` with nothing after it: the key is the only place to point at.
          if (!next) return { node: item.key as YamlNode, pair: nextPair };
        }
      }
    } else if (isSeq(node) && typeof segment === 'number') {
      next = node.items[segment] as YamlNode | undefined;
    }
    if (!next) return { node, pair };
    node = next;
    pair = nextPair;
  }
  return { node, pair };
}

function firstLine(message: string): string {
  return message.split('\n')[0]!;
}
