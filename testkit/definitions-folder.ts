import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Writes definitions (file name → object, or raw text) into `<dir>/automations` and returns
 * both paths; `dir` is a new temp folder unless one is given.
 */
export async function writeDefinitionsFolder(
  definitions: Record<string, unknown>,
  options: { prefix?: string; dir?: string } = {},
): Promise<{ dir: string; folder: string }> {
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), options.prefix ?? 'sy-')));
  const folder = join(dir, 'automations');
  await mkdir(folder, { recursive: true });
  for (const [name, definition] of Object.entries(definitions)) {
    const text = typeof definition === 'string' ? definition : JSON.stringify(definition, null, 2);
    await writeFile(join(folder, name), text);
  }
  return { dir, folder };
}

/** An automation on an entity event that posts `body` to `url`. */
export function webhookAutomation(options: {
  url: string;
  body: Record<string, unknown>;
  identifier?: string;
  event?: string;
  blueprint?: string;
  synchronized?: boolean;
}): Record<string, unknown> {
  return {
    identifier: options.identifier ?? 'notify',
    trigger: {
      type: 'automation',
      event: {
        type: options.event ?? 'ENTITY_UPDATED',
        blueprintIdentifier: options.blueprint ?? 'service',
      },
    },
    invocationMethod: {
      type: 'WEBHOOK',
      url: options.url,
      ...(options.synchronized === undefined ? {} : { synchronized: options.synchronized }),
      body: options.body,
    },
    publish: true,
  };
}
