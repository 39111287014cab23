import { parseArgs } from 'node:util';
import { createJqEngine } from '../../core/jq/create-jq-engine.js';
import { formatProblem } from '../../core/definitions/format-problem.js';
import {
  DefinitionPathError,
  loadDefinitionFiles,
} from '../../core/definitions/load-definition-files.js';
import { validateDefinitions } from '../../core/definitions/validate-definitions.js';
import { EXIT, UsageError, type CliIo } from '../cli-io.js';
import { parseCommandArgs } from '../parse-command-args.js';

export const VALIDATE_USAGE = `Usage: switchyard validate [PATH...] [options]

Checks definition files (.json, .yaml, .yml; folders recursively) and prints
one line per problem: file:line:col: error|warning: message (rule).

Options:
  --format text|json   output format (default: text)
  --strict             fail on warnings too
  --events FOLDER      sample-events folder inside each definitions folder,
                       skipped when reading definitions (default: events)
  -h, --help           show this help

Exit codes: 0 valid, 1 problems found, 2 usage error.
`;

export async function validateCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(() =>
    parseArgs({
      args,
      allowPositionals: true,
      options: {
        format: { type: 'string', default: 'text' },
        strict: { type: 'boolean', default: false },
        events: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }),
  );
  if (values.help) {
    io.stdout(VALIDATE_USAGE);
    return EXIT.ok;
  }
  if (values.format !== 'text' && values.format !== 'json') {
    throw new UsageError(`--format must be "text" or "json", not "${values.format}"`);
  }
  const paths = positionals.length ? positionals : ['automations'];
  const files = await loadDefinitionFiles(paths, {
    ...(values.events ? { eventsFolder: values.events } : {}),
  }).catch((error: unknown) => {
    if (error instanceof DefinitionPathError) throw new UsageError(error.message);
    throw error;
  });

  const jq = createJqEngine();
  const report = await validateDefinitions(files, jq).finally(() => jq.close());
  const failed = report.errorCount > 0 || (values.strict && report.warningCount > 0);

  if (values.format === 'json') {
    const json = {
      valid: !failed,
      strict: values.strict,
      fileCount: report.definitions.length,
      errorCount: report.errorCount,
      warningCount: report.warningCount,
      files: report.definitions.map((d) => ({
        file: d.file,
        identifier: d.identifier ?? null,
        kind: d.kind ?? null,
        valid: d.valid,
        errors: report.problems.filter((p) => p.file === d.file && p.severity === 'error').length,
        warnings: report.problems.filter((p) => p.file === d.file && p.severity === 'warning')
          .length,
      })),
      problems: report.problems,
    };
    io.stdout(`${JSON.stringify(json, null, 2)}\n`);
  } else {
    for (const problem of report.problems) io.stdout(`${formatProblem(problem)}\n`);
    io.stdout(`${summary(report.definitions.length, report.errorCount, report.warningCount)}\n`);
  }
  return failed ? EXIT.failed : EXIT.ok;
}

function summary(files: number, errors: number, warnings: number): string {
  const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `${count(files, 'definition file')} checked: ${count(errors, 'error')}, ${count(warnings, 'warning')}`;
}
