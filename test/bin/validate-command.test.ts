import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runCliCaptured } from '../helpers/run-cli-captured.js';

const run = runCliCaptured;

const VALID = 'test/fixtures/validate/valid';
const INVALID = 'test/fixtures/validate/invalid';

describe('switchyard validate', () => {
  it('exits 0 and prints the total for a valid folder, skipping its events/ folder', async () => {
    const { code, stdout } = await run('validate', VALID);
    expect(code).toBe(0);
    expect(stdout).toBe('2 definition files checked: 0 errors, 0 warnings\n');
  });

  it('prints one located line per problem, then the total, and exits 1', async () => {
    const { code, stdout } = await run('validate', INVALID);
    expect(code).toBe(1);
    const lines = stdout.trimEnd().split('\n');
    expect(lines.map((l) => l.replace(/: (error|warning): .*\((.+)\)$/, ': $1 ($2)'))).toEqual([
      `${INVALID}/broken.yaml:1:1: warning (publish-missing)`,
      `${INVALID}/broken.yaml:10:9: error (jq-compile)`,
      `${INVALID}/broken.yaml:14:8: warning (insecure-webhook-url)`,
      `${INVALID}/broken.yaml:16:11: error (template-braces)`,
      `${INVALID}/typo.json:7:76: error (schema)`,
      '2 definition files checked: 3 errors, 2 warnings',
    ]);
  });

  it('reads a single file given by path whatever folder it is in', async () => {
    const { code, stdout } = await run('validate', `${INVALID}/typo.json`);
    expect(code).toBe(1);
    expect(stdout).toContain('did you mean "method"?');
  });

  it('prints a JSON report with the same facts', async () => {
    const { code, stdout } = await run('validate', '--format', 'json', INVALID, VALID);
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ valid: false, fileCount: 4, errorCount: 3, warningCount: 2 });
    expect(report.files.map((f: { file: string; valid: boolean }) => [f.file, f.valid])).toEqual([
      [`${INVALID}/broken.yaml`, false],
      [`${INVALID}/typo.json`, false],
      [`${VALID}/nested/after-ttl.json`, true],
      [`${VALID}/ttl-cleanup.yaml`, true],
    ]);
    expect(report.problems[1]).toEqual({
      file: `${INVALID}/broken.yaml`,
      line: 10,
      column: 9,
      severity: 'error',
      rule: 'jq-compile',
      message: expect.stringContaining('syntax error'),
      path: 'trigger.condition.expressions[0]',
    });
  });

  it('fails on warnings with --strict', async () => {
    const warnOnly = 'test/fixtures/validate/invalid/broken.yaml';
    expect((await run('validate', VALID)).code).toBe(0);
    const { code } = await run('validate', '--strict', warnOnly);
    expect(code).toBe(1);
  });

  it.each([
    [['validate', '--bogus'], "Unknown option '--bogus'"],
    [['validate', 'no/such/folder'], 'no/such/folder: no such file or directory'],
    [['validate', '--format', 'xml'], '--format must be "text" or "json"'],
    [['frobnicate'], 'unknown command "frobnicate"'],
  ])('exits 2 on a usage error: %j', async (argv, message) => {
    const { code, stderr } = await run(...argv);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });

  it('sets the exit code as a process', async () => {
    const exec = promisify(execFile);
    const result = await exec('npx', ['tsx', 'bin/switchyard.ts', 'validate', INVALID]).catch(
      (error: { code: number; stdout: string }) => error,
    );
    expect((result as { code?: number }).code).toBe(1);
    expect(result.stdout).toContain('typo.json:7:76: error:');
  });
});
