import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { Definition, SelfServiceAction } from '../../core/definitions/definition.js';
import { formatJsonPath } from '../../core/definitions/json-path.js';
import { formatProblem } from '../../core/definitions/format-problem.js';
import { validateDefinitions } from '../../core/definitions/validate-definitions.js';
import { checkCatalogEvent } from '../../core/events/check-catalog-event.js';
import { createJqEngine } from '../../core/jq/create-jq-engine.js';
import { previewDefinition } from '../../core/preview/preview-definition.js';
import { checkActionInputs } from '../../core/inputs/check-action-inputs.js';
import { newRunId } from '../../core/runs/new-run-id.js';
import { EXIT, UsageError, type CliIo } from '../cli-io.js';
import { parseCommandArgs } from '../parse-command-args.js';
import { readPreviewEntity } from '../read-preview-entity.js';

export const PREVIEW_USAGE = `Usage: switchyard preview DEFINITION --event EVENT.json [options]
       switchyard preview DEFINITION [--inputs INPUTS.json] [--entity ENTITY] [options]

Prints JSON: whether the automation matches the event and why not, each
condition's value, the run id, and the exact request its backend would get
(secrets masked). Self-service actions take --inputs instead of --event; the
inputs get their defaults and are checked (required, enum, types, formats) as
POST /v1/actions/{id}/runs checks them, and invalid inputs exit 1.
For a TIMER_PROPERTY_EXPIRED automation and an entity event, "timer" shows the
timer the event would schedule (or cancel), and the rest is for the
TIMER_EXPIRED event that timer raises when it expires.

Options:
  --event FILE          a catalog event (Port's event object)
  --inputs FILE         user inputs (self-service actions)
  --entity ENTITY       the entity a DAY-2/DELETE action runs on: a JSON file
                        (Port's entity shape), or BLUEPRINT/IDENTIFIER read
                        from the entity catalog of a server's database
  --database PATH|URL   that database: a SQLite file or a postgres:// URL
                        (default: serve's, from DATABASE_URL or
                        SWITCHYARD_SQLITE_PATH)
  --secrets FILE        JSON object of secret values for {{ .secrets.NAME }}
                        (default: SWITCHYARD_SECRET_<NAME> environment variables)
  --run-id ID           use this run id instead of a random one
  --at ISO-TIME         the trigger time (default: now)
  -h, --help            show this help

Exit codes: 0 it ran (matched or not), 1 render error, invalid definition or inputs,
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
        entity: { type: 'string' },
        database: { type: 'string' },
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
    if (isAutomation && values.entity !== undefined) {
      throw new UsageError(
        "an automation's entity comes from its --event; --entity is for self-service actions",
      );
    }
    if (values.database !== undefined && values.entity === undefined) {
      throw new UsageError('--database is where --entity BLUEPRINT/ID is read: give --entity too');
    }
    const given = values.inputs ? await readJson(values.inputs, '--inputs') : undefined;
    if (
      given !== undefined &&
      (given === null || typeof given !== 'object' || Array.isArray(given))
    ) {
      throw new UsageError(`${values.inputs}: inputs must be a JSON object`);
    }
    let inputs: Record<string, unknown> | undefined;
    let entity: Record<string, unknown> | undefined;
    if (!isAutomation) {
      const action = definition as SelfServiceAction;
      if (values.entity !== undefined) {
        entity = await readPreviewEntity(values.entity, {
          ...(values.database === undefined ? {} : { database: values.database }),
          env: process.env,
        });
        const blueprint = action.trigger.blueprintIdentifier;
        if (blueprint && typeof entity.blueprint === 'string' && entity.blueprint !== blueprint) {
          throw new UsageError(
            `--entity ${values.entity}: the entity is of blueprint "${entity.blueprint}", but ${action.identifier} runs on entities of "${blueprint}"`,
          );
        }
      } else if (action.trigger.operation !== 'CREATE') {
        io.stderr(
          `${file}: a ${action.trigger.operation} action runs on an entity, and none was given: .entity is null in this preview (give --entity FILE or --entity BLUEPRINT/ID)\n`,
        );
      }
      const checked = await checkActionInputs(
        action,
        given ?? {},
        { entity: entity ?? null, user: null },
        jq,
      );
      if (!checked.ok) {
        for (const problem of checked.problems) {
          io.stderr(
            `${values.inputs ?? '(no --inputs)'}: ${formatJsonPath(['properties', ...problem.path])} ${problem.message}\n`,
          );
        }
        io.stderr(
          `the inputs of ${action.identifier} are not valid: POST /v1/actions/${action.identifier}/runs would refuse them\n`,
        );
        return EXIT.failed;
      }
      inputs = checked.properties;
    }
    const secrets = values.secrets
      ? await readSecrets(values.secrets)
      : secretsFromEnv(process.env);
    const preview = await previewDefinition(
      {
        definition,
        origin: { file },
        ...(event ? { event } : {}),
        ...(inputs ? { inputs } : {}),
        ...(entity ? { entity } : {}),
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
