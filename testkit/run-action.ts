import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface ActionRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly outputs: Record<string, string>;
  readonly summary: string;
  readonly workspace: string;
}

export interface ActionSetup {
  readonly bundle: string;
  readonly apiUrl: string;
  readonly eventName: string;
  readonly payload: unknown;
  /** Files of the checked-out head (path → content); or `copyFrom` a folder. */
  readonly files?: Readonly<Record<string, string>>;
  readonly inputs?: Readonly<Record<string, string>>;
  readonly env?: Readonly<Record<string, string>>;
}

/** A fresh runner temp folder with the checked-out files, GitHub's env files and the event. */
export function makeWorkspace(files: Readonly<Record<string, string>>): string {
  const root = mkdtempSync(join(tmpdir(), 'switchyard-run-'));
  const workspace = join(root, 'workspace');
  mkdirSync(workspace, { recursive: true });
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(workspace, path)), { recursive: true });
    writeFileSync(join(workspace, path), content);
  }
  return workspace;
}

export function copyFolder(from: string, to: string): void {
  cpSync(from, to, { recursive: true });
}

/**
 * Runs the bundled Action as GitHub's runner does: a child process with the `GITHUB_*`
 * and `INPUT_*` environment, env files for outputs and the summary. Returns what it wrote.
 */
export async function runAction(setup: ActionSetup & { workspace: string }): Promise<ActionRun> {
  const root = dirname(setup.workspace);
  const temp = mkdtempSync(join(root, 'temp-'));
  const eventPath = join(temp, 'event.json');
  const outputPath = join(temp, 'output');
  const summaryPath = join(temp, 'summary.md');
  writeFileSync(eventPath, JSON.stringify(setup.payload));
  writeFileSync(outputPath, '');
  writeFileSync(summaryPath, '');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    GITHUB_ACTIONS: 'true',
    GITHUB_API_URL: setup.apiUrl,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: 'acme/platform',
    GITHUB_EVENT_NAME: setup.eventName,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_WORKSPACE: setup.workspace,
    GITHUB_SHA: '1111111111111111111111111111111111111111',
    GITHUB_RUN_ID: '123456',
    GITHUB_OUTPUT: outputPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    RUNNER_TEMP: temp,
    'INPUT_GITHUB-TOKEN': 'ghs_faketoken',
    INPUT_PATH: 'automations',
    // The test receivers are on loopback, which webhooks may not reach by default.
    SWITCHYARD_ALLOWED_DESTINATIONS: '127.0.0.1',
    ...Object.fromEntries(
      Object.entries(setup.inputs ?? {}).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v]),
    ),
    ...setup.env,
  };
  const child = spawn(process.execPath, [setup.bundle], { cwd: temp, env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return {
    code,
    stdout,
    stderr,
    outputs: parseOutputs(readFileSync(outputPath, 'utf8')),
    summary: readFileSync(summaryPath, 'utf8'),
    workspace: setup.workspace,
  };
}

/** Parses the `name<<delimiter … delimiter` blocks @actions/core writes to GITHUB_OUTPUT. */
export function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<]+)<<(.+)$/.exec(lines[i]!);
    if (!m) continue;
    const end = lines.indexOf(m[2]!, i + 1);
    outputs[m[1]!] = lines.slice(i + 1, end).join('\n');
    i = end;
  }
  return outputs;
}

/** Replaces what changes between runs (run ids, times near now) for golden files. */
export function normalise(text: string): string {
  const now = Date.now();
  return text
    .replace(/r_[0-9A-Za-z]{16}/g, 'r_RUNID')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, (t) =>
      Math.abs(Date.parse(t) - now) < 2 * 86_400_000 ? 'TIMESTAMP' : t,
    );
}
