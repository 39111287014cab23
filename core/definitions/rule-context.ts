import type { JsonPath } from './json-path.js';
import type { ParsedSource } from './parsed-source.js';
import type { Problem } from './problem.js';

/** What a semantic rule sees of one definition file, and how it reports. */
export interface RuleContext {
  readonly source: ParsedSource;
  /** The parsed root object; rules read it defensively because the schema may have failed. */
  readonly definition: Record<string, unknown>;
  report(
    rule: string,
    severity: Problem['severity'],
    path: JsonPath,
    message: string,
    part?: 'key' | 'value',
  ): void;
}

export type DefinitionRule = (context: RuleContext) => void;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Reads `path` from the definition, or undefined when any step is missing. */
export function read(root: unknown, ...path: (string | number)[]): unknown {
  let node = root;
  for (const segment of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[segment];
  }
  return node;
}

/** Visits every string (values, and keys when `keys` is set) under `value`, with its path. */
export function visitStrings(
  value: unknown,
  path: JsonPath,
  visit: (text: string, path: JsonPath, part: 'key' | 'value') => void,
): void {
  if (typeof value === 'string') visit(value, path, 'value');
  else if (Array.isArray(value))
    value.forEach((item, i) => visitStrings(item, [...path, i], visit));
  else if (isRecord(value)) {
    for (const [key, item] of Object.entries(value)) {
      visit(key, [...path, key], 'key');
      visitStrings(item, [...path, key], visit);
    }
  }
}
