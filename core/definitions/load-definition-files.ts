import { readFileSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { hasDefinitionExtension } from './has-definition-extension.js';
import type { DefinitionFile } from './validate-definitions.js';

/** Default name of the sample-events folder inside a definitions folder; never read as definitions. */
export const DEFAULT_EVENTS_FOLDER = 'events';

export interface LoadOptions {
  /** Sample-events folder, relative to each definitions folder given (default `events`). */
  readonly eventsFolder?: string;
  /** Base for the file names shown in reports (default: the current directory). */
  readonly cwd?: string;
}

export class DefinitionPathError extends Error {
  constructor(readonly path: string) {
    super(`${path}: no such file or directory`);
  }
}

/**
 * Reads definition files: each path is a file (read whatever its extension) or a
 * folder (every .json, .yaml and .yml file under it, recursively, except hidden
 * entries, node_modules and the sample-events folder). Sorted by path.
 */
export async function loadDefinitionFiles(
  paths: readonly string[],
  options: LoadOptions = {},
): Promise<DefinitionFile[]> {
  const cwd = options.cwd ?? process.cwd();
  const eventsFolder = options.eventsFolder ?? DEFAULT_EVENTS_FOLDER;
  // Absolute path → the name shown: relative to the path the user gave, the way they wrote it.
  const found = new Map<string, string>();
  for (const path of paths) {
    const absolute = resolve(cwd, path);
    const info = await stat(absolute).catch(() => undefined);
    if (!info) throw new DefinitionPathError(path);
    const inFolder = new Set<string>();
    if (info.isDirectory()) await walk(absolute, join(absolute, eventsFolder), inFolder);
    else inFolder.add(absolute);
    for (const file of inFolder) {
      if (!found.has(file)) found.set(file, join(path, relative(absolute, file)) || file);
    }
  }
  const files = [...found.keys()].sort();
  // Small files read synchronously, a chunk at a time: several times faster than one
  // promise-based readFile each (open, stat, read, close as separate thread-pool jobs), and
  // the event loop still runs between chunks (a reload in a running server).
  const read: DefinitionFile[] = [];
  for (const [index, absolute] of files.entries()) {
    if (index > 0 && index % READ_CHUNK === 0) await new Promise((r) => setImmediate(r));
    read.push({ file: found.get(absolute)!, text: readFileSync(absolute, 'utf8') });
  }
  return read;
}

/** Files read between two turns of the event loop. */
const READ_CHUNK = 200;

async function walk(folder: string, skip: string, found: Set<string>): Promise<void> {
  const entries = await readdir(folder, { withFileTypes: true });
  await Promise.all(
    entries.map(async (entry) => {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') return;
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (path !== skip) await walk(path, skip, found);
      } else if (hasDefinitionExtension(entry.name)) {
        found.add(path);
      }
    }),
  );
}
