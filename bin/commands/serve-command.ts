import { parseArgs } from 'node:util';
import { ConfigError, readConfig } from '../../bot/config/read-config.js';
import { startBot } from '../../bot/create-bot.js';
import { EXIT, type CliIo } from '../cli-io.js';
import { parseCommandArgs } from '../parse-command-args.js';

export const SERVE_USAGE = `Usage: switchyard serve [options]

Runs the bot. Configuration comes from environment variables (see README,
.env.example); with none it runs on the embedded default: definitions from
./automations (reloaded on change), SQLite at .switchyard/switchyard.db,
HTTP on 127.0.0.1:3000.

Options:
  --port PORT     overrides PORT
  -h, --help      show this help
`;

export async function serveCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(() =>
    parseArgs({
      args,
      options: { port: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } },
    }),
  );
  if (values.help) {
    io.stdout(SERVE_USAGE);
    return EXIT.ok;
  }
  const env = values.port === undefined ? process.env : { ...process.env, PORT: values.port };
  let config;
  try {
    config = readConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      io.stderr(`switchyard serve: configuration error: ${error.message}\n`);
      return EXIT.usage;
    }
    throw error;
  }
  const bot = await startBot(config);
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      bot.ctx.log.info(`${signal}: stopping`);
      bot.stop().then(resolve, resolve);
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  return EXIT.ok;
}
