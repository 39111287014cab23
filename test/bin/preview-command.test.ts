import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliCaptured } from '../helpers/run-cli-captured.js';

const run = runCliCaptured;

const INCIDENT = 'automations/incidents/open-incident-on-health-degraded.json';
const DEGRADED = 'automations/events/service-health-degraded.json';
const RECOVERED = 'automations/events/service-health-recovered.json';
const fixed = ['--run-id', 'r_PREVIEW000000000', '--at', '2026-01-01T00:00:00.000Z'];

describe('switchyard preview', () => {
  it('prints the match, conditions and the exact request (golden)', async () => {
    const { code, stdout } = await run('preview', INCIDENT, '--event', DEGRADED, ...fixed);
    expect(code).toBe(0);
    const golden = await readFile('test/golden/preview-incident-degraded.json', 'utf8');
    expect(stdout).toBe(golden);
  });

  it('explains a non-match and still exits 0', async () => {
    const { code, stdout } = await run('preview', INCIDENT, '--event', RECOVERED, ...fixed);
    expect(code).toBe(0);
    const preview = JSON.parse(stdout);
    expect(preview.matched).toBe(false);
    expect(preview.reason).toMatch(/^a condition did not pass/);
    expect(preview.conditions.map((c: { passed: boolean }) => c.passed)).toEqual([
      true,
      false,
      false,
    ]);
  });

  it('masks secrets from --secrets in every printable field', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sy-preview-'));
    const secrets = join(dir, 'secrets.json');
    await writeFile(secrets, JSON.stringify({ PAGERDUTY_ROUTING_KEY: 'R0UT1NG-K3Y-VALUE' }));
    const { code, stdout } = await run(
      'preview',
      INCIDENT,
      '--event',
      DEGRADED,
      '--secrets',
      secrets,
      ...fixed,
    );
    expect(code).toBe(0);
    expect(stdout).not.toContain('R0UT1NG-K3Y-VALUE');
    expect(JSON.parse(stdout).request.body.routing_key).toBe('***');
  });

  it('exits 1 on a render error and lists it with its path', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sy-preview-'));
    const file = join(dir, 'bad.json');
    await writeFile(
      file,
      JSON.stringify({
        identifier: 'bad',
        trigger: {
          type: 'automation',
          event: { type: 'ENTITY_UPDATED', blueprintIdentifier: 'service' },
        },
        invocationMethod: {
          type: 'WEBHOOK',
          url: 'https://x.example.com',
          body: { n: '{{ .event.diff.after.title | tonumber }}' },
        },
        publish: true,
      }),
    );
    const { code, stdout } = await run('preview', file, '--event', DEGRADED, ...fixed);
    expect(code).toBe(1);
    expect(JSON.parse(stdout).errors).toEqual([
      {
        path: 'invocationMethod.body.n',
        message: 'string ("Checkout API") cannot be parsed as a number',
      },
    ]);
  });

  it('previews a self-service action with --inputs', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sy-preview-'));
    const inputs = join(dir, 'inputs.json');
    await writeFile(inputs, JSON.stringify({ service_name: 'payments-api', ref: 'feature/x' }));
    const { code, stdout } = await run(
      'preview',
      'automations/self-service/scaffold-service.json',
      '--inputs',
      inputs,
      ...fixed,
    );
    const preview = JSON.parse(stdout);
    expect({
      code,
      kind: preview.kind,
      matched: preview.matched,
      type: preview.request.type,
    }).toEqual({
      code: 0,
      kind: 'self-service',
      matched: true,
      type: 'GITHUB',
    });
    expect(preview.request.ref).toBe('feature/x');
  });

  it.each([
    [['preview'], 'exactly one DEFINITION'],
    [['preview', INCIDENT], 'needs --event'],
    [['preview', INCIDENT, '--event', 'nope.json'], 'cannot read'],
    [['preview', INCIDENT, '--event', 'package.json'], 'action must be one of'],
    [['preview', INCIDENT, '--event', DEGRADED, '--at', 'yesterday'], '--at must be an ISO time'],
  ])('exits 2 on a usage error: %j', async (argv, message) => {
    const { code, stderr } = await run(...argv);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });
});
