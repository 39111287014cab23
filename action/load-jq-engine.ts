import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createJqEngine } from '../core/jq/create-jq-engine.js';
import type { JqEngine } from '../core/jq/jq-engine.js';

/**
 * The jq engine for the Action. The bundle has no node_modules, so `npm run bundle`
 * ships jq-wasm's CommonJS entry (`jq-wasm.cjs`, which the worker threads require) and
 * `jq.wasm` next to `dist/index.js`; from sources, the engine finds them in node_modules.
 */
export function loadJqEngine(): JqEngine {
  const here = dirname(fileURLToPath(import.meta.url));
  const wasm = join(here, 'jq.wasm');
  const glue = join(here, 'jq-wasm.cjs');
  if (existsSync(wasm) && existsSync(glue)) {
    return createJqEngine({ wasm: readFileSync(wasm), jqModulePath: glue });
  }
  return createJqEngine();
}
