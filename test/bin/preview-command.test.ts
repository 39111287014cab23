import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createStore } from '../../bot/store/create-store.js';
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
    await writeFile(
      inputs,
      JSON.stringify({ service_name: 'payments-api', owning_team: 'payments', ref: 'feature/x' }),
    );
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

describe('switchyard preview: self-service inputs and entity', () => {
  const SCAFFOLD = 'automations/self-service/scaffold-service.json';
  const tempFile = async (name: string, value: unknown) => {
    const dir = await mkdtemp(join(tmpdir(), 'sy-preview-ss-'));
    const file = join(dir, name);
    await writeFile(file, typeof value === 'string' ? value : JSON.stringify(value));
    return file;
  };
  /** A DAY-2 action whose webhook body reads the entity and an input with a default. */
  const day2 = {
    identifier: 'restart_service',
    trigger: {
      type: 'self-service',
      operation: 'DAY-2',
      blueprintIdentifier: 'service',
      userInputs: {
        properties: {
          reason: { type: 'string', enum: ['deploy', 'incident'], default: 'deploy' },
          contact: { type: 'string', format: 'email' },
          grace: { type: 'number', default: 30 },
        },
        required: ['reason'],
      },
    },
    invocationMethod: {
      type: 'WEBHOOK',
      url: 'https://hooks.example.com/restart',
      body: {
        service: '{{ .entity.identifier }}',
        tier: '{{ .entity.properties.tier }}',
        reason: '{{ .inputs.reason }}',
        grace: '{{ .inputs.grace }}',
      },
    },
    publish: true,
  };
  const entity = {
    identifier: 'payments-api',
    title: 'Payments API',
    blueprint: 'service',
    team: ['payments'],
    properties: { tier: 'gold' },
    relations: {},
  };

  it('applies input defaults as POST /v1/actions/{id}/runs does', async () => {
    const action = await tempFile('restart.json', day2);
    const entityFile = await tempFile('entity.json', entity);
    const { code, stdout, stderr } = await run('preview', action, '--entity', entityFile, ...fixed);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(JSON.parse(stdout).request.body).toEqual({
      service: 'payments-api',
      tier: 'gold',
      reason: 'deploy',
      grace: 30,
    });
  });

  it.each([
    [{ reason: 'boredom' }, 'properties.reason must be one of "deploy", "incident"'],
    [{ reason: 'deploy', contact: 'not-an-email' }, 'properties.contact'],
    [{ reason: 'deploy', grace: 'soon' }, 'properties.grace must be a number'],
    [{ reason: 'deploy', extra: 1 }, 'properties.extra'],
  ])('refuses inputs the execute route refuses: %j', async (inputs, message) => {
    const action = await tempFile('restart.json', day2);
    const file = await tempFile('inputs.json', inputs);
    const entityFile = await tempFile('entity.json', entity);
    const { code, stdout, stderr } = await run(
      'preview',
      action,
      '--inputs',
      file,
      '--entity',
      entityFile,
      ...fixed,
    );
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain(message);
    expect(stderr).toContain('POST /v1/actions/restart_service/runs would refuse them');
  });

  it('refuses a missing required input, naming it', async () => {
    const file = await tempFile('inputs.json', { service_name: 'payments-api' });
    const { code, stderr } = await run('preview', SCAFFOLD, '--inputs', file, ...fixed);
    expect(code).toBe(1);
    expect(stderr).toContain('properties.owning_team is required');
  });

  it('takes the entity API answer ({ok, entity}) as an entity file', async () => {
    const action = await tempFile('restart.json', day2);
    const entityFile = await tempFile('answer.json', { ok: true, entity });
    const { code, stdout } = await run('preview', action, '--entity', entityFile, ...fixed);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).request.body.service).toBe('payments-api');
  });

  it('says when a DAY-2 action is previewed without an entity', async () => {
    const action = await tempFile('restart.json', day2);
    const { code, stdout, stderr } = await run('preview', action, ...fixed);
    expect(code).toBe(0);
    expect(stderr).toContain('a DAY-2 action runs on an entity, and none was given');
    expect(JSON.parse(stdout).request.body.service).toBeNull();
  });

  it('reads --entity BLUEPRINT/ID from the entity catalog of a SQLite database', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sy-preview-db-'));
    const database = join(dir, 'switchyard.db');
    const store = await createStore({ sqlitePath: database });
    await store.entities.upsertEntity('service', entity, { upsert: true, merge: false, by: null });
    await store.close();
    const action = await tempFile('restart.json', day2);
    const { code, stdout } = await run(
      'preview',
      action,
      '--entity',
      'service/payments-api',
      '--database',
      database,
      ...fixed,
    );
    expect(code).toBe(0);
    expect(JSON.parse(stdout).request.body).toMatchObject({
      service: 'payments-api',
      tier: 'gold',
    });

    const missing = await run(
      'preview',
      action,
      '--entity',
      'service/nope',
      '--database',
      database,
      ...fixed,
    );
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('has no entity "nope" of blueprint "service"');
  });

  it.each([
    [['--entity', 'service/x', '--database', '/nonexistent/sy.db'], 'no switchyard database at'],
    [['--entity', 'not-a-file-or-pair'], 'no such file, and not BLUEPRINT/IDENTIFIER'],
    [['--database', 'x.db'], 'give --entity too'],
  ])('exits 2 on a bad entity source: %j', async (extra, message) => {
    const action = await tempFile('restart.json', day2);
    const { code, stderr } = await run('preview', action, ...extra, ...fixed);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });

  it.each([
    [{ ...entity, blueprint: 'team' }, 'the entity is of blueprint "team"'],
    [{ title: 'no identifier' }, 'the entity needs an "identifier"'],
    [{ identifier: 'x', properties: [] }, '"properties" must be an object'],
    ['{not json', 'not valid JSON'],
  ])('exits 2 on a bad entity file: %j', async (value, message) => {
    const action = await tempFile('restart.json', day2);
    const entityFile = await tempFile('entity.json', value);
    const { code, stderr } = await run('preview', action, '--entity', entityFile, ...fixed);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });

  it('refuses --entity for an automation', async () => {
    const entityFile = await tempFile('entity.json', entity);
    const { code, stderr } = await run(
      'preview',
      INCIDENT,
      '--event',
      DEGRADED,
      '--entity',
      entityFile,
      ...fixed,
    );
    expect(code).toBe(2);
    expect(stderr).toContain("an automation's entity comes from its --event");
  });
});
