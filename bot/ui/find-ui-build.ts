import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where `npm run build` put the web UI: `lib/ui` under the package root (the first folder up
 * from this file with a package.json), the same whether this runs from `lib/bot/ui` or, in
 * tests, from the TypeScript source in `bot/ui`.
 */
export function findUiBuild(from = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) return join(from, 'lib', 'ui');
    dir = parent;
  }
  return join(dir, 'lib', 'ui');
}
