import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { checkCatalogEvent } from '../../../core/events/check-catalog-event.js';
import type { SampleEvent } from '../../../core/preview/pick-sample-events.js';

export interface LoadedSamples {
  readonly samples: SampleEvent[];
  /** One sentence per sample file that could not be used. */
  readonly skipped: string[];
}

/**
 * Reads every `.json` file under the sample-events folder (`<definitions>/<events>`), each
 * one Port event object. Files that do not parse or are not events are skipped, with why.
 * A missing folder means no samples (previews then use synthetic events).
 */
export async function loadSampleEvents(workspace: string, folder: string): Promise<LoadedSamples> {
  const root = join(workspace, folder);
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  const paths = entries
    .filter((e) => e.isFile() && e.name.endsWith('.json'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
  const samples: SampleEvent[] = [];
  const skipped: string[] = [];
  for (const path of paths) {
    const name = relative(workspace, path);
    let value: unknown;
    try {
      value = JSON.parse(await readFile(path, 'utf8'));
    } catch (error) {
      skipped.push(
        `sample event \`${name}\` is not valid JSON (${(error as Error).message}); skipped`,
      );
      continue;
    }
    const check = checkCatalogEvent(value);
    if (!check.ok) {
      skipped.push(`sample event \`${name}\`: ${check.path}: ${check.message}; skipped`);
      continue;
    }
    samples.push({ name, event: check.event, synthetic: false });
  }
  return { samples, skipped };
}
