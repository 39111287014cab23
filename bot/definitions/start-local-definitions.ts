import { existsSync } from 'node:fs';
import type { BotContext } from '../bot-context.js';
import { formatProblem } from '../../core/definitions/format-problem.js';
import { LOCAL_SOURCE, loadLocalDefinitions } from './load-local-definitions.js';
import { watchFolder } from './watch-folder.js';

/**
 * Loads the local definitions folder into the registry and, when watching, reloads it on
 * every change. An invalid change keeps the last good set and logs every located error.
 * Returns a function that stops watching.
 */
export async function startLocalDefinitions(ctx: BotContext): Promise<() => void> {
  const { definitionsPath, eventsFolder, watch } = ctx.config;
  if (!existsSync(definitionsPath)) {
    ctx.log.warn(
      `definitions folder ${definitionsPath} does not exist; no automation is active (SWITCHYARD_DEFINITIONS)`,
    );
    return () => undefined;
  }
  const load = async () => {
    const { definitions, result } = await loadLocalDefinitions(
      definitionsPath,
      eventsFolder,
      ctx.jq,
    );
    if (result.activated) {
      ctx.registry.activate(LOCAL_SOURCE, definitions, result);
      ctx.log.info(
        `loaded ${definitions.length} definition(s) from ${definitionsPath}${result.warnings ? ` (${result.warnings} warning(s); run switchyard validate)` : ''}`,
      );
      return;
    }
    ctx.registry.reject(result);
    for (const problem of result.errors) ctx.log.error(formatProblem(problem));
    ctx.log.error(
      `${definitionsPath} has ${result.errors.length} error(s): keeping the last good set of ${ctx.registry.all().length} definition(s)`,
    );
  };
  await load().catch((error: unknown) =>
    ctx.log.error({ err: error }, `could not load ${definitionsPath}`),
  );
  if (!watch) return () => undefined;
  let running: Promise<void> = Promise.resolve();
  return watchFolder(definitionsPath, () => {
    running = running
      .then(load)
      .catch((error: unknown) =>
        ctx.log.error({ err: error }, `could not reload ${definitionsPath}`),
      );
  });
}
