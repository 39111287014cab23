import { EXIT, UsageError, type CliIo } from './cli-io.js';

const USAGE = `Usage: switchyard <command> [options]

Commands:
  validate [PATH...]   check definition files (default: automations/)
  preview DEFINITION --event EVENT.json   show what one automation would do for an event
  serve                run the bot (HTTP ingest, runs, backends)

Run "switchyard <command> --help" for a command's options.
`;

type Command = (args: string[], io: CliIo) => Promise<number>;

/**
 * Each command's module loads only when that command runs: `serve` pulls in the whole bot
 * (Probot, pg, kafkajs, SQLite), which `validate` and `preview` must not pay for at start-up.
 */
const COMMANDS: Record<string, () => Promise<{ run: Command; usage: string }>> = {
  validate: async () => {
    const m = await import('./commands/validate-command.js');
    return { run: m.validateCommand, usage: m.VALIDATE_USAGE };
  },
  preview: async () => {
    const m = await import('./commands/preview-command.js');
    return { run: m.previewCommand, usage: m.PREVIEW_USAGE };
  },
  serve: async () => {
    const m = await import('./commands/serve-command.js');
    return { run: m.serveCommand, usage: m.SERVE_USAGE };
  },
};

/** Runs one CLI invocation and returns its exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(USAGE);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!load) {
    io.stderr(`switchyard: unknown command "${name}"\n\n${USAGE}`);
    return EXIT.usage;
  }
  const command = await load();
  try {
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`switchyard ${name}: ${error.message}\n\n${command.usage}`);
      return EXIT.usage;
    }
    throw error;
  }
}
