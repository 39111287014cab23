import * as core from '@actions/core';

export type ActionMode = 'auto' | 'preview' | 'validate' | 'dispatch';

/** Every input of `action.yml`, parsed once and typed. */
export interface ActionInputs {
  readonly githubToken: string;
  /** Definitions folder (or file), relative to the repository root. */
  readonly path: string;
  readonly eventsFolder: string;
  readonly mode: ActionMode;
  readonly comment: boolean;
  readonly strict: boolean;
  /** Secret values for `{{ .secrets.NAME }}` (dispatch sends them; previews mask them). */
  readonly secrets: Readonly<Record<string, string>>;
  readonly automation: string;
  /** A catalog event: a file path relative to the repository root, or JSON text. */
  readonly event: string;
  /** User inputs for a self-service action, as JSON text. */
  readonly inputs: Readonly<Record<string, unknown>> | undefined;
  readonly dryRun: boolean;
  readonly botUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly signingSecret: string;
  readonly gitlabUrl: string;
  readonly gitlabTokens: Readonly<Record<string, string>>;
  /** The trigger token for the one project a dispatch triggers. */
  readonly gitlabToken: string;
  readonly kafkaBrokers: readonly string[];
  readonly kafkaTopic: string;
}

/** An input with a bad value; the message names the input and what it accepts. */
export class InputError extends Error {}

const MODES: readonly ActionMode[] = ['auto', 'preview', 'validate', 'dispatch'];

/** Reads the inputs (`read` defaults to `@actions/core`'s getInput) and fails fast on a bad one. */
export function parseInputs(
  read: (name: string) => string = (name) => core.getInput(name),
): ActionInputs {
  const text = (name: string, fallback = '') => read(name).trim() || fallback;
  const mode = text('mode', 'auto');
  if (!MODES.includes(mode as ActionMode)) {
    throw new InputError(`input "mode" must be one of ${MODES.join(', ')}, not "${mode}"`);
  }
  const inputs = jsonObject(read, 'inputs');
  return {
    // The runner passes `github-token` (default github.token); `token` and GITHUB_TOKEN are accepted too.
    githubToken: text('github-token') || text('token') || (process.env.GITHUB_TOKEN ?? '').trim(),
    path: normalisePath(text('path', 'automations')),
    eventsFolder: text('events', 'events'),
    mode: mode as ActionMode,
    comment: flag(read, 'comment', true),
    strict: flag(read, 'fail-on-warnings', false),
    secrets: stringMap(read, 'secrets'),
    automation: text('identifier'),
    event: text('event'),
    inputs,
    dryRun: flag(read, 'dry-run', false),
    botUrl: text('bot-url').replace(/\/+$/, ''),
    clientId: text('client-id'),
    clientSecret: text('client-secret'),
    signingSecret: text('signing-secret'),
    gitlabUrl: text('gitlab-url'),
    gitlabTokens: stringMap(read, 'gitlab-tokens'),
    gitlabToken: text('gitlab-token'),
    kafkaBrokers: text('kafka-brokers')
      .split(/[\s,]+/)
      .filter(Boolean),
    kafkaTopic: text('kafka-topic'),
  };
}

function flag(read: (name: string) => string, name: string, fallback: boolean): boolean {
  const value = read(name).trim().toLowerCase();
  if (value === '') return fallback;
  if (['true', 'yes', 'on', '1'].includes(value)) return true;
  if (['false', 'no', 'off', '0'].includes(value)) return false;
  throw new InputError(`input "${name}" must be true or false, not "${value}"`);
}

function jsonObject(
  read: (name: string) => string,
  name: string,
): Record<string, unknown> | undefined {
  const value = read(name).trim();
  if (value === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (error) {
    throw new InputError(`input "${name}" is not valid JSON: ${(error as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new InputError(`input "${name}" must be a JSON object`);
  }
  return parsed as Record<string, unknown>;
}

function stringMap(read: (name: string) => string, name: string): Record<string, string> {
  const value = jsonObject(read, name) ?? {};
  const result: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) {
    if (typeof item !== 'string') {
      throw new InputError(
        `input "${name}": "${key}" must be a string (a JSON object of name → value)`,
      );
    }
    result[key] = item;
  }
  return result;
}

function normalisePath(path: string): string {
  const trimmed = path.replace(/^\.\/+/, '').replace(/\/+$/, '');
  return trimmed === '' ? '.' : trimmed;
}
