import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Bot } from '../../../bot/create-bot.js';
import { startTestBot } from '../../helpers/start-test-bot.js';
import { waitFor } from '../../helpers/wait-for.js';

let bot: (Bot & { dir: string }) | undefined;
afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

const automation = (identifier: string, blueprint = 'service') => ({
  identifier,
  trigger: {
    type: 'automation',
    event: { type: 'ENTITY_CREATED', blueprintIdentifier: blueprint },
  },
  invocationMethod: { type: 'WEBHOOK', url: 'https://hooks.example.com/x' },
  publish: true,
});

async function automations(): Promise<{ identifier: string }[]> {
  const response = await fetch(`${bot!.url}/v1/automations`);
  return ((await response.json()) as { automations: { identifier: string }[] }).automations;
}

describe('local definitions folder', () => {
  it('reloads on change, keeps the last good set on an invalid change, and reports the errors', async () => {
    bot = await startTestBot({ 'a.json': automation('first') }, { SWITCHYARD_WATCH: 'true' });
    const folder = join(bot.dir, 'automations');
    expect((await automations()).map((a) => a.identifier)).toEqual(['first']);

    await writeFile(join(folder, 'b.json'), JSON.stringify(automation('second')));
    await waitFor(async () => (await automations()).length === 2, 5000, 'the new definition');

    await writeFile(
      join(folder, 'broken.json'),
      '{\n  "identifier": "third",\n  "trigger": 1\n}\n',
    );
    const load = await waitFor(
      async () => {
        const response = await fetch(`${bot!.url}/v1/automations`);
        const body = (await response.json()) as {
          loads: { activated: boolean; errors: { file: string; line: number; path: string }[] }[];
        };
        return body.loads.find((l) => !l.activated);
      },
      5000,
      'the rejected load',
    );
    expect(load.errors.find((e) => e.path === 'trigger')).toMatchObject({
      file: join(folder, 'broken.json'),
      line: 3,
    });
    expect((await automations()).map((a) => a.identifier).sort()).toEqual(['first', 'second']);

    await rm(join(folder, 'broken.json'));
    await rm(join(folder, 'a.json'));
    await waitFor(
      async () => (await automations()).map((a) => a.identifier).join() === 'second',
      5000,
      'the fixed set',
    );
  });
});
