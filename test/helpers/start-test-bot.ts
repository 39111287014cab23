import { join } from 'node:path';
import { pino } from 'pino';
import { readConfig } from '../../bot/config/read-config.js';
import { startBot, type Bot, type StartBotOptions } from '../../bot/create-bot.js';
import { writeDefinitionsFolder } from '../../testkit/definitions-folder.js';

export const EVENTS_SECRET = 'events-secret-for-tests';
export const WEBHOOK_SECRET = 'webhook-secret-for-tests';

/** Starts a real bot on 127.0.0.1 (random port) with a temp SQLite file and these definitions. */
export async function startTestBot(
  definitions: Record<string, unknown>,
  env: Record<string, string> = {},
  options: StartBotOptions & { dir?: string } = {},
): Promise<Bot & { dir: string }> {
  const { dir, folder } = await writeDefinitionsFolder(definitions, {
    prefix: 'sy-bot-',
    ...(options.dir ? { dir: options.dir } : {}),
  });
  const fullEnv: Record<string, string> = {
    PORT: '0',
    SWITCHYARD_DEFINITIONS: folder,
    // The receivers are on loopback, which webhooks may not reach by default.
    SWITCHYARD_ALLOWED_DESTINATIONS: '127.0.0.1',
    SWITCHYARD_SQLITE_PATH: join(dir, 'switchyard.db'),
    SWITCHYARD_EVENTS_SECRET: EVENTS_SECRET,
    SWITCHYARD_WEBHOOK_SECRET: WEBHOOK_SECRET,
    SWITCHYARD_WATCH: 'false',
    SWITCHYARD_RETRY_BASE_MS: '20',
    SWITCHYARD_ALLOW_METADATA_ADDRESSES: 'false',
    SWITCHYARD_SECRET_HOOK_TOKEN: 'test-hook-token',
    LOG_LEVEL: 'silent',
    ...env,
  };
  const bot = await startBot(readConfig(fullEnv as NodeJS.ProcessEnv), {
    log: pino({ level: 'silent' }),
    dispatcher: { pollMs: 50 },
    ...options,
  });
  return Object.assign(bot, { dir });
}
