import { buildUi } from '../../scripts/build-ui.js';

/** Vitest global setup: the web UI bundle (lib/ui) that the served pages and browser tests load. */
export default async function setup(): Promise<void> {
  const built = await buildUi();
  console.log(`switchyard tests: web UI built (${built.script}, ${built.style})`);
}
