import { extname } from 'node:path';
import {
  excessiveNestingOffset,
  isTooLarge,
  tooDeeplyNested,
  tooLarge,
} from './excessive-nesting.js';
import { parseJsonSource } from './parse-json-source.js';
import { parseYamlSource } from './parse-yaml-source.js';
import type { ParsedSource } from './parsed-source.js';

export const DEFINITION_EXTENSIONS = ['.json', '.yaml', '.yml'] as const;

/** Parses one definition file's text, keeping every node's source position. */
export function parseDefinitionSource(file: string, text: string): ParsedSource {
  // A UTF-8 byte order mark is invisible in editors; do not report it as a syntax error.
  const body = text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;
  if (isTooLarge(body)) return tooLarge(file, body);
  const deep = excessiveNestingOffset(body);
  if (deep !== undefined) return tooDeeplyNested(file, body, deep);
  return extname(file).toLowerCase() === '.json'
    ? parseJsonSource(file, body)
    : parseYamlSource(file, body);
}
