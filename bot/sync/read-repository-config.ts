import { parseDocument } from 'yaml';
import type { GithubRequest } from '../../core/backends/send/send-github.js';
import { DEFAULT_EVENTS_FOLDER } from '../../core/definitions/load-definition-files.js';
import type { Problem } from '../../core/definitions/problem.js';

export const CONFIG_FILE = '.github/switchyard.yml';
export const DEFAULT_PATH = 'automations';

export interface RepositoryConfig {
  /** The definitions folder (or file), relative to the repository root. */
  readonly path: string;
  /** The sample-events folder inside it, never read as definitions. */
  readonly eventsFolder: string;
}

/**
 * `.github/switchyard.yml` at a commit (`path`, default `automations`; `events`, default
 * `events`), read through the contents API at that exact commit. No file means the defaults;
 * a file that does not parse or has wrong values is a located problem.
 */
export async function readRepositoryConfig(
  request: GithubRequest,
  target: { owner: string; repo: string; sha: string },
): Promise<{ config: RepositoryConfig; problem?: undefined } | { problem: Problem }> {
  let text: string;
  try {
    const response = await request('GET /repos/{owner}/{repo}/contents/{path}', {
      owner: target.owner,
      repo: target.repo,
      path: CONFIG_FILE,
      ref: target.sha,
    });
    const data = response.data as { content?: string; encoding?: string };
    text = Buffer.from(data.content ?? '', data.encoding === 'base64' ? 'base64' : 'utf8').toString(
      'utf8',
    );
  } catch (error) {
    if ((error as { status?: number }).status === 404)
      return { config: { path: DEFAULT_PATH, eventsFolder: DEFAULT_EVENTS_FOLDER } };
    throw error;
  }
  const problem = (message: string, line = 1, column = 1): { problem: Problem } => ({
    problem: { file: CONFIG_FILE, line, column, severity: 'error', rule: 'config', message },
  });
  const document = parseDocument(text);
  if (document.errors.length) {
    const error = document.errors[0]!;
    return problem(
      `${CONFIG_FILE} is not valid YAML: ${error.message.split('\n')[0]}`,
      ...(error.linePos?.[0] ? ([error.linePos[0].line, error.linePos[0].col] as const) : []),
    );
  }
  const value = (document.toJS() ?? {}) as Record<string, unknown>;
  if (typeof value !== 'object' || Array.isArray(value))
    return problem(`${CONFIG_FILE} must be a mapping, e.g. "path: automations"`);
  const path = value.path ?? DEFAULT_PATH;
  const events = value.events ?? DEFAULT_EVENTS_FOLDER;
  if (
    typeof path !== 'string' ||
    path.trim() === '' ||
    path.startsWith('/') ||
    path.split('/').includes('..')
  )
    return problem(`"path" must be a folder relative to the repository root, e.g. "automations"`);
  if (typeof events !== 'string' || events.trim() === '')
    return problem(`"events" must be the name of the sample-events folder inside "path"`);
  return {
    config: { path: path.replace(/^\.\/+/, '').replace(/\/+$/, '') || '.', eventsFolder: events },
  };
}
