import { loadDefinitionFiles } from '../../core/definitions/load-definition-files.js';
import { validateDefinitions } from '../../core/definitions/validate-definitions.js';
import type { Definition } from '../../core/definitions/definition.js';
import type { JqEngine } from '../../core/jq/jq-engine.js';
import type { ActiveDefinition, LoadResult } from './definition-registry.js';

export const LOCAL_SOURCE = 'local';

/** Reads and validates the local definitions folder; the set is usable only when `result.activated`. */
export async function loadLocalDefinitions(
  folder: string,
  eventsFolder: string,
  jq: Pick<JqEngine, 'check'>,
): Promise<{ definitions: ActiveDefinition[]; result: LoadResult }> {
  const files = await loadDefinitionFiles([folder], { eventsFolder });
  const report = await validateDefinitions(files, jq);
  const errors = report.problems.filter((p) => p.severity === 'error');
  const definitions = report.definitions
    .filter((d) => d.value !== undefined)
    .map((d) => ({ definition: d.value as Definition, origin: { file: d.file } }));
  return {
    definitions,
    result: {
      source: LOCAL_SOURCE,
      at: new Date().toISOString(),
      activated: errors.length === 0,
      definitions: definitions.length,
      errors,
      warnings: report.warningCount,
    },
  };
}
