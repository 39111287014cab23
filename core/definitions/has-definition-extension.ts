import { extname } from 'node:path';
import { DEFINITION_EXTENSIONS } from './parse-definition-source.js';

const EXTENSIONS: readonly string[] = DEFINITION_EXTENSIONS;

/** Whether a file name or path ends in a definition extension (`.json`, `.yaml`, `.yml`; any case). */
export function hasDefinitionExtension(path: string): boolean {
  return EXTENSIONS.includes(extname(path).toLowerCase());
}
