import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Automation, SelfServiceAction } from '../../../core/definitions/definition.js';
import {
  CLIENT_ID,
  CLIENT_SECRET,
  closeSharedJq,
  startApiHarness,
  type ApiHarness,
} from './api-harness.js';

/** One recorded request (see test/fixtures/port-github-action/README.md). */
interface Recorded {
  readonly method: string;
  readonly path: string;
  readonly query: readonly (readonly [string, string])[];
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
  readonly reads: string | null;
}

const fixture = JSON.parse(
  readFileSync(new URL('../../fixtures/port-github-action/requests.json', import.meta.url), 'utf8'),
) as { token: Recorded; operations: Record<string, Recorded | Recorded[]> };

const BP = 'service';
const ID = 'payments-api';

const onServiceCreated: Automation = {
  identifier: 'announce_new_service',
  trigger: { type: 'automation', event: { type: 'ENTITY_CREATED', blueprintIdentifier: BP } },
  invocationMethod: {
    type: 'WEBHOOK',
    url: 'http://127.0.0.1:9/announce',
    body: { service: '{{ .event.diff.after.identifier }}', by: '{{ .trigger.by.userId }}' },
  },
};

const deploy: SelfServiceAction = {
  identifier: 'deploy',
  trigger: {
    type: 'self-service',
    operation: 'DAY-2',
    blueprintIdentifier: BP,
    userInputs: { properties: { version: { type: 'string' } } },
  },
  invocationMethod: { type: 'WEBHOOK', url: 'http://127.0.0.1:9/deploy' },
};

function fill(value: unknown, vars: Record<string, string>): unknown {
  return JSON.parse(
    JSON.stringify(value).replace(/\{\{(\w+)\}\}/g, (_, name: string) => vars[name] ?? ''),
  );
}

/** Sends a recorded request as the action does: its headers, its query order, its body. */
async function send(
  h: ApiHarness,
  recorded: Recorded,
  vars: Record<string, string>,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const r = fill(recorded, vars) as Recorded;
  const query = new URLSearchParams(r.query.filter(([, v]) => v !== '') as [string, string][]);
  const headers: Record<string, string> = {
    accept: 'application/json, text/plain, */*',
    'user-agent': 'github-action/v1.0',
    ...r.headers,
  };
  if (vars.token) headers.authorization = `Bearer ${vars.token}`;
  if (r.body !== undefined) headers['content-type'] = 'application/json';
  const search = query.toString();
  const response = await fetch(`${h.url}${r.path}${search ? `?${search}` : ''}`, {
    method: r.method,
    headers,
    ...(r.body === undefined ? {} : { body: JSON.stringify(r.body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

function read(body: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((v, key) => (v as Record<string, unknown> | null)?.[key], body);
}

describe('port-github-action against switchyard', () => {
  let h: ApiHarness;
  let vars: Record<string, string>;
  beforeEach(async () => {
    h = await startApiHarness({ definitions: [onServiceCreated, deploy] });
    const token = await send(h, fixture.token, {
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
    });
    expect(token.status).toBe(200);
    const [runId] = await h.seedRuns({ chainDepth: 0 });
    vars = {
      token: read(token.body, 'accessToken') as string,
      bp: BP,
      id: ID,
      runId: runId!,
      action: 'deploy',
    };
  });
  afterEach(() => h.close());
  afterAll(() => closeSharedJq());

  it('UPSERT creates the entity, answers entity.identifier, logs it on run_id and chains ENTITY_CREATED', async () => {
    const answer = await send(h, fixture.operations.UPSERT as Recorded, vars);
    expect(answer.status).toBe(201);
    expect(read(answer.body, 'entity.identifier')).toBe(ID);
    expect(answer.body.entity).toMatchObject({
      blueprint: BP,
      title: 'Payments API',
      icon: 'Service',
      team: ['payments'],
      properties: { language: 'go', tier: 'gold' },
      relations: { domain: 'billing' },
      createdBy: CLIENT_ID,
      updatedBy: CLIENT_ID,
    });
    const logs = await h.store.listRunLogs(vars.runId!);
    expect(logs.map((l) => l.message)).toContain(
      `Affected entity: ENTITY_CREATED ${BP}/${ID} (API)`,
    );
    // The automation on ENTITY_CREATED ran, one level below the linked run.
    const runs = await h.store.listRuns({ action: 'announce_new_service' });
    expect(runs).toHaveLength(1);
    expect(runs[0]!.chainDepth).toBe(1);
    expect(runs[0]!.payload).toMatchObject({ body: { service: ID, by: CLIENT_ID } });

    // Again (merge): the same entity, updated; no second ENTITY_CREATED run.
    const again = await send(
      h,
      {
        ...(fixture.operations.UPSERT as Recorded),
        body: { identifier: ID, blueprint: BP, properties: { tier: 'silver' }, relations: {} },
      },
      vars,
    );
    expect(again.status).toBe(201);
    expect(again.body.entity).toMatchObject({
      title: 'Payments API',
      properties: { language: 'go', tier: 'silver' },
    });
    expect(await h.store.listRuns({ action: 'announce_new_service' })).toHaveLength(1);
  });

  it('UPSERT without an identifier gets a generated one', async () => {
    const answer = await send(h, fixture.operations.UPSERT_WITHOUT_IDENTIFIER as Recorded, vars);
    expect(answer.status).toBe(201);
    const identifier = read(answer.body, 'entity.identifier') as string;
    expect(identifier).toMatch(/^e_\w{16}$/);
    expect(answer.body.entity).toMatchObject({ team: ['payments'], title: 'Unnamed' });
  });

  it('BULK_UPSERT (one request per entity), GET with include, SEARCH, DELETE', async () => {
    await send(h, fixture.operations.UPSERT as Recorded, vars);
    for (const request of fixture.operations.BULK_UPSERT as Recorded[]) {
      const answer = await send(h, request, vars);
      expect(answer.status).toBe(201);
      expect(read(answer.body, request.reads!)).toBe(
        (request.body as { identifier: string }).identifier,
      );
    }
    const got = await send(h, fixture.operations.GET as Recorded, vars);
    expect(got.status).toBe(200);
    expect(got.body.entity).toEqual({ identifier: ID, properties: { tier: 'gold' } });

    const found = await send(h, fixture.operations.SEARCH as Recorded, vars);
    expect(found.status).toBe(200);
    expect((found.body.entities as { identifier: string }[]).map((e) => e.identifier)).toEqual([
      'bulk-2',
      ID,
    ]);

    const deleted = await send(h, fixture.operations.DELETE as Recorded, vars);
    expect(deleted).toEqual({ status: 200, body: { ok: true } });
    const gone = await send(h, fixture.operations.GET as Recorded, vars);
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual({
      ok: false,
      error: 'not_found',
      message: `there is no entity with identifier "${ID}" in blueprint "${BP}"`,
    });
    const logs = (await h.store.listRunLogs(vars.runId!)).map((l) => l.message);
    expect(logs).toContain(`Affected entity: ENTITY_DELETED ${BP}/${ID} (API)`);
  });

  it('CREATE_RUN and PATCH_RUN: the run has createdBy, the PATCH carries no statusLabel', async () => {
    const created = await send(h, fixture.operations.CREATE_RUN as Recorded, vars);
    expect(created.status).toBe(202);
    const runId = read(created.body, 'run.id') as string;
    expect(created.body.run).toMatchObject({ createdBy: CLIENT_ID, entity: { identifier: ID } });
    for (const request of fixture.operations.PATCH_RUN as Recorded[]) {
      expect(request.body).not.toHaveProperty('statusLabel');
      const answer = await send(h, request, { ...vars, runId });
      expect(answer.status).toBeLessThan(300);
      expect(read(answer.body, request.reads!)).toBe(runId);
    }
    expect((await h.store.getRun(runId))!.status).toBe('SUCCESS');
  });

  it('refuses a run_id that names no run, before writing', async () => {
    const answer = await send(h, fixture.operations.UPSERT as Recorded, {
      ...vars,
      runId: 'r_nope',
    });
    expect(answer.status).toBe(404);
    expect(answer.body).toMatchObject({ ok: false, error: 'not_found' });
    expect(await h.store.entities.getEntity(BP, ID)).toBeNull();
  });
});
