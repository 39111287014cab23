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

describe('switchyard preview: timers', () => {
  const TTL = 'automations/environments/terminate-expired-environment.yaml';
  const environmentEvent = (properties: Record<string, unknown>) => ({
    action: 'UPDATE',
    resourceType: 'entity',
    trigger: { by: { orgId: 'org_1', userId: 'u1' }, origin: 'UI', at: '2026-01-01T00:00:00.000Z' },
    context: {
      blueprintIdentifier: 'environment',
      entityIdentifier: 'env-a',
      propertyIdentifier: null,
    },
    diff: {
      before: null,
      after: { identifier: 'env-a', blueprint: 'environment', team: ['payments'], properties },
    },
  });
  const previewWith = async (properties: Record<string, unknown>) => {
    const dir = await mkdtemp(join(tmpdir(), 'sy-preview-timer-'));
    const file = join(dir, 'event.json');
    await writeFile(file, JSON.stringify(environmentEvent(properties)));
    const { code, stdout } = await run('preview', TTL, '--event', file, ...fixed);
    expect(code).toBe(0);
    return JSON.parse(stdout);
  };

  it('shows the timer an entity event schedules and previews the TIMER_EXPIRED event it raises', async () => {
    const preview = await previewWith({
      type: 'ephemeral',
      ttl: '2026-01-02T12:00:00Z',
      namespace: 'ns-a',
    });
    expect(preview.timer).toMatchObject({
      action: 'schedule',
      blueprint: 'environment',
      entity: 'env-a',
      property: 'ttl',
      value: '2026-01-02T12:00:00Z',
      dueAt: '2026-01-02T12:00:00.000Z',
      pastDue: false,
    });
    expect(preview.timer.eventId).toMatch(/^timer_/);
    expect(preview.timer.event.context.propertyIdentifier).toBe('ttl');
    expect(preview.eventTypes).toEqual(['TIMER_PROPERTY_EXPIRED']);
    expect(preview.matched).toBe(true);
    expect(preview.request.inputs).toMatchObject({ environment: 'env-a', namespace: 'ns-a' });
  });

  it('says when the value is already past (fires at once), cancels, or is not a date-time', async () => {
    expect((await previewWith({ ttl: '2025-06-01T00:00:00Z' })).timer.pastDue).toBe(true);
    const cancel = await previewWith({ ttl: null });
    expect(cancel.timer).toMatchObject({ action: 'cancel', reason: 'properties.ttl is null' });
    expect(cancel.matched).toBe(false);
    const invalid = await previewWith({ ttl: 'soon' });
    expect(invalid.timer.action).toBe('invalid');
    expect(invalid.timer.reason).toMatch(/^properties\.ttl: "soon" is not an ISO 8601 date-time/);
  });
});
