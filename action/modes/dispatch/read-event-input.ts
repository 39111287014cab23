import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { CatalogEvent } from '../../../core/events/catalog-event.js';
import { checkCatalogEvent } from '../../../core/events/check-catalog-event.js';

/** The `event` input: inline JSON (starts with `{`) or a file relative to the repository root. */
export async function readEventInput(
  value: string,
  workspace: string,
): Promise<{ name: string; event: CatalogEvent }> {
  const inline = value.trimStart().startsWith('{');
  const name = inline ? 'event input (inline JSON)' : value;
  let text = value;
  if (!inline) {
    text = await readFile(resolve(workspace, value), 'utf8').catch(() => {
      throw new Error(
        `input "event": cannot read ${value} (give a file relative to the repository root, or the event as JSON)`,
      );
    });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`input "event": ${name} is not valid JSON (${(error as Error).message})`, {
      cause: error,
    });
  }
  const check = checkCatalogEvent(parsed);
  if (!check.ok) throw new Error(`input "event": ${name}: ${check.path}: ${check.message}`);
  return { name, event: check.event };
}
