import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { Definition } from '../../core/definitions/definition.js';
import { formatProblem } from '../../core/definitions/format-problem.js';
import { validateDefinitions } from '../../core/definitions/validate-definitions.js';
import { checkCatalogEvent } from '../../core/events/check-catalog-event.js';
import { createJqEngine } from '../../core/jq/create-jq-engine.js';
import { previewDefinition } from '../../core/preview/preview-definition.js';
import { newRunId } from '../../core/runs/new-run-id.js';
import { EXIT, UsageError, type CliIo } from '../cli-io.js';
import { parseCommandArgs } from '../parse-command-args.js';

export const PREVIEW_USAGE = `Usage: switchyard preview DEFINITION --event EVENT.json [options]
       switchyard preview DEFINITION --inputs INPUTS.json [options]

Prints JSON: whether the automation matches the event and why not, each
condition's value, the run id, and the exact request its backend would get
(secrets masked). Self-service actions take --inputs instead of --event.
For a TIMER_PROPERTY_EXPIRED automation and an entity event, "timer" shows the
timer the event would schedule (or cancel), and the rest is for the
TIMER_EXPIRED event that timer raises when it expires.

Options:
  --event FILE          a catalog event (Port's event object)
  --inputs FILE         user inputs (self-service actions)
  --secrets FILE        JSON object of secret values for {{ .secrets.NAME }}
                        (default: SWITCHYARD_SECRET_<NAME> environment variables)
  --run-id ID           use this run id instead of a random one
  --at ISO-TIME         the trigger time (default: now)
  -h, --help            show this help

Exit codes: 0 it ran (matched or not), 1 render error or invalid definition,
2 usage error.
`;

export async function previewCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(() =>
    parseArgs({
      args,
      allowPositionals: true,
      options: {
        event: { type: 'string' },
        inputs: { type: 'string' },
        secrets: { type: 'string' },
        'run-id': { type: 'string' },
        at: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }),
  );
  if (values.help) {
    io.stdout(PREVIEW_USAGE);
    return EXIT.ok;
  }
  if (positionals.length !== 1) throw new UsageError('give exactly one DEFINITION file');
  const file = positionals[0]!;
  const text = await readFile(file, 'utf8').catch(() => {
    throw new UsageError(`${file}: cannot read the definition file`);
  });
  const at = values.at === undefined ? undefined : new Date(values.at);
  if (at && Number.isNaN(at.getTime()))
    throw new UsageError(`--at must be an ISO time, not "${values.at}"`);

  const jq = createJqEngine();
  try {
    const report = await validateDefinitions([{ file, text }], jq);
    const errors = report.problems.filter((p) => p.severity === 'error');
    if (errors.length) {
      for (const problem of errors) io.stderr(`${formatProblem(problem)}\n`);
      io.stderr(`${file}: the definition is invalid; fix it before previewing\n`);
      return EXIT.failed;
    }
    const definition = report.definitions[0]!.value as Definition;
    const isAutomation = definition.trigger.type === 'automation';
    if (isAutomation && !values.event)
      throw new UsageError('an automation needs --event EVENT.json');
    if (!isAutomation && !values.inputs && values.event) {
      throw new UsageError('a self-service action takes --inputs INPUTS.json, not --event');
    }
    let event;
    if (values.event) {
      const check = checkCatalogEvent(await readJson(values.event, '--event'));
      if (!check.ok) throw new UsageError(`${values.event}: ${check.path}: ${check.message}`);
      event = check.event;
    }
    const inputs = values.inputs ? await readJson(values.inputs, '--inputs') : undefined;
    if (
      inputs !== undefined &&
      (inputs === null || typeof inputs !== 'object' || Array.isArray(inputs))
    ) {
      throw new UsageError(`${values.inputs}: inputs must be a JSON object`);
    }
    const secrets = values.secrets
      ? await readSecrets(values.secrets)
      : secretsFromEnv(process.env);
    const preview = await previewDefinition(
      {
        definition,
        origin: { file },
        ...(event ? { event } : {}),
        ...(inputs ? { inputs: inputs as Record<string, unknown> } : {}),
        runId: values['run-id'] ?? newRunId(),
        ...(at ? { at } : {}),
        config: { secrets, ...(at ? { now: at } : {}) },
      },
      jq,
    );
    io.stdout(`${JSON.stringify(preview, null, 2)}\n`);
    return preview.errors.length ? EXIT.failed : EXIT.ok;
  } finally {
    await jq.close();
  }
}

async function readJson(path: string, option: string): Promise<unknown> {
  const text = await readFile(path, 'utf8').catch(() => {
    throw new UsageError(`${option} ${path}: cannot read the file`);
  });
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${option} ${path}: not valid JSON (${(error as Error).message})`);
  }
}

async function readSecrets(path: string): Promise<Record<string, string>> {
  const value = await readJson(path, '--secrets');
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new UsageError(`--secrets ${path}: must be a JSON object of name → string value`);
  }
  for (const [name, secret] of Object.entries(value)) {
    if (typeof secret !== 'string')
      throw new UsageError(`--secrets ${path}: secret "${name}" must be a string`);
  }
  return value as Record<string, string>;
}

/** `SWITCHYARD_SECRET_NAME=value` → `{ NAME: value }`. */
export function secretsFromEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const secrets: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (key.startsWith('SWITCHYARD_SECRET_') && value !== undefined) {
      secrets[key.slice('SWITCHYARD_SECRET_'.length)] = value;
    }
  }
  return secrets;
}
