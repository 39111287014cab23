import { EXIT, UsageError, type CliIo } from './cli-io.js';
import { previewCommand, PREVIEW_USAGE } from './commands/preview-command.js';
import { serveCommand, SERVE_USAGE } from './commands/serve-command.js';
import { validateCommand, VALIDATE_USAGE } from './commands/validate-command.js';

const USAGE = `Usage: switchyard <command> [options]

Commands:
  validate [PATH...]   check definition files (default: automations/)
  preview DEFINITION --event EVENT.json   show what one automation would do for an event
  serve                run the bot (HTTP ingest, runs, backends)

Run "switchyard <command> --help" for a command's options.
`;

type Command = (args: string[], io: CliIo) => Promise<number>;

const COMMANDS: Record<string, { run: Command; usage: string }> = {
  validate: { run: validateCommand, usage: VALIDATE_USAGE },
  preview: { run: previewCommand, usage: PREVIEW_USAGE },
  serve: { run: serveCommand, usage: SERVE_USAGE },
};

/** Runs one CLI invocation and returns its exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(USAGE);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr(`switchyard: unknown command "${name}"\n\n${USAGE}`);
    return EXIT.usage;
  }
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
