import { afterEach, describe, expect, it } from 'vitest';
import type { Bot } from '../../../bot/create-bot.js';
import { json, startLoopbackServer, type LoopbackServer } from '../../helpers/loopback-server.js';
import { entity, entityEvent } from '../../helpers/sample-events.js';
import { signedPost } from '../../helpers/signed-post.js';
import { EVENTS_SECRET, startTestBot } from '../../helpers/start-test-bot.js';
import { waitFor } from '../../helpers/wait-for.js';

let bot: Bot | undefined;
let port: LoopbackServer | undefined;
afterEach(async () => {
  await bot?.stop();
  await port?.close();
  bot = undefined;
  port = undefined;
});

/** On a new service, upsert a deployment entity (Port's UPSERT_ENTITY shape). */
const upsertDeployment = {
  identifier: 'record_deployment',
  trigger: {
    type: 'automation',
    event: { type: 'ENTITY_CREATED', blueprintIdentifier: 'service' },
  },
  invocationMethod: {
    type: 'UPSERT_ENTITY',
    blueprintIdentifier: 'deployment',
    mapping: {
      identifier: '{{ .event.diff.after.identifier + "-first" }}',
      title: 'First deployment of {{ .event.diff.after.title }}',
      team: '{{ .event.diff.after.team }}',
      properties: { tier: '{{ .event.diff.after.properties.tier }}', runId: '{{ .run.id }}' },
      relations: { service: '{{ .event.diff.after.identifier }}' },
    },
  },
  publish: true,
};

const onDeployment = {
  identifier: 'announce_deployment',
  trigger: {
    type: 'automation',
    event: { type: 'ENTITY_CREATED', blueprintIdentifier: 'deployment' },
  },
  invocationMethod: {
    type: 'UPSERT_ENTITY',
    blueprintIdentifier: 'announcement',
    mapping: { identifier: '{{ .event.diff.after.identifier }}' },
  },
  publish: true,
};

describe('UPSERT_ENTITY', () => {
  it('writes the entity to the embedded catalog, ends the run SUCCESS and chains ENTITY_CREATED', async () => {
    bot = await startTestBot({
      'record.json': upsertDeployment,
      'announce.json': onDeployment,
    });
    const answer = await signedPost(
      `${bot.url}/v1/events`,
      entityEvent('CREATE', 'service', null, entity('service', 'api', { tier: 'gold' })),
      EVENTS_SECRET,
    );
    const runId = (answer.json.runs as string[])[0]!;
    // The accepted ENTITY_CREATED event itself is in the catalog.
    expect(await bot.ctx.store.entities.getEntity('service', 'api')).toMatchObject({
      properties: { tier: 'gold' },
      team: ['platform'],
    });
    const written = await waitFor(
      async () =>
        (await bot!.ctx.store.entities.getEntity('announcement', 'api-first')) ?? undefined,
      5000,
      'the chained entity',
    );
    expect(written).toMatchObject({ blueprint: 'announcement' });
    const deployment = await bot.ctx.store.entities.getEntity('deployment', 'api-first');
    expect(deployment).toMatchObject({
      title: 'First deployment of api',
      team: ['platform'],
      properties: { tier: 'gold', runId },
      relations: { service: 'api' },
    });
    const run = await waitFor(
      async () => {
        const r = await bot!.ctx.store.getRun(runId);
        return r?.status === 'SUCCESS' ? r : undefined;
      },
      5000,
      'the run to end',
    );
    expect(run.payload).toMatchObject({
      type: 'UPSERT_ENTITY',
      target: 'catalog',
      request: {
        method: 'POST',
        url: `/v1/blueprints/deployment/entities?upsert=true&run_id=${runId}`,
      },
    });
    const logs = (await bot.ctx.store.listRunLogs(runId)).map((l) => l.message);
    expect(logs).toContain('Affected entity: ENTITY_CREATED deployment/api-first (AUTOMATION)');
    const chained = await bot.ctx.store.listRuns({ action: 'announce_deployment' });
    expect(chained[0]!.chainDepth).toBe(1);
  });

  it('stops an entity chain at the depth limit and logs it on the run', async () => {
    bot = await startTestBot(
      { 'record.json': upsertDeployment, 'announce.json': onDeployment },
      { SWITCHYARD_CHAIN_DEPTH_LIMIT: '0' },
    );
    const answer = await signedPost(
      `${bot.url}/v1/events`,
      entityEvent('CREATE', 'service', null, entity('service', 'api', { tier: 'gold' })),
      EVENTS_SECRET,
    );
    const runId = (answer.json.runs as string[])[0]!;
    const line = await waitFor(
      async () => {
        const logs = await bot!.ctx.store.listRunLogs(runId);
        return logs.find((l) => l.message.includes('chain depth limit (0)'));
      },
      5000,
      'the depth-limit log line',
    );
    expect(line.message).toMatch(
      /^ENTITY_CREATED deployment\/api-first: automations on this change were not started/,
    );
    expect(await bot.ctx.store.entities.getEntity('deployment', 'api-first')).not.toBeNull();
    expect(await bot.ctx.store.listRuns({ action: 'announce_deployment' })).toEqual([]);
  });

  it('sends to a Port account: one token for several runs, 429 retried, Port errors end the run', async () => {
    let entityCalls = 0;
    port = await startLoopbackServer((req, res) => {
      if (req.url === '/v1/auth/access_token') {
        const body = JSON.parse(req.body) as { clientId: string; clientSecret: string };
        if (body.clientSecret !== 'port-secret')
          return json(res, 401, { ok: false, error: 'unauthorized', message: 'bad' });
        return json(res, 200, {
          ok: true,
          accessToken: 'port-token-1',
          expiresIn: 3600,
          tokenType: 'Bearer',
        });
      }
      if (req.headers.authorization !== 'Bearer port-token-1')
        return json(res, 401, { ok: false, error: 'unauthorized' });
      const body = JSON.parse(req.body) as { identifier: string };
      entityCalls++;
      if (entityCalls === 1)
        return json(res, 429, { ok: false, error: 'rate_limited', message: 'slow down' });
      if (body.identifier === 'bad-first') {
        return json(res, 422, {
          ok: false,
          error: 'invalid_request',
          message: 'property "tier" must be one of gold, silver',
        });
      }
      return json(res, 201, { ok: true, entity: { ...body, blueprint: 'deployment' } });
    });
    bot = await startTestBot(
      { 'record.json': upsertDeployment },
      {
        SWITCHYARD_PORT_API_URL: port.url,
        SWITCHYARD_PORT_CLIENT_ID: 'port-client',
        SWITCHYARD_PORT_CLIENT_SECRET: 'port-secret',
      },
    );
    const runs: string[] = [];
    for (const id of ['api', 'bad']) {
      const answer = await signedPost(
        `${bot.url}/v1/events`,
        entityEvent('CREATE', 'service', null, entity('service', id, { tier: 'gold' })),
        EVENTS_SECRET,
      );
      runs.push((answer.json.runs as string[])[0]!);
    }
    const ended = await waitFor(
      async () => {
        const all = await Promise.all(runs.map((id) => bot!.ctx.store.getRun(id)));
        return all.every((r) => r?.endedAt) ? all : undefined;
      },
      8000,
      'both runs to end',
    );
    const byEntity = Object.fromEntries(
      ended.map((r) => [
        r!.payload && (r!.payload as { entity: { identifier: string } }).entity.identifier,
        r!,
      ]),
    );
    expect(byEntity['api-first']!.status).toBe('SUCCESS');
    expect(byEntity['bad-first']!.status).toBe('FAILURE');
    expect(byEntity['bad-first']!.summary).toBe(
      'Port refused the entity deployment/bad-first: invalid_request: property "tier" must be one of gold, silver',
    );
    const tokenRequests = port.requests.filter((r) => r.url === '/v1/auth/access_token');
    expect(tokenRequests).toHaveLength(1);
    const entityRequests = port.requests.filter((r) => r.url !== '/v1/auth/access_token');
    expect(entityRequests.length).toBe(3);
    const apiRun = byEntity['api-first']!;
    const sent = entityRequests.filter(
      (r) => r.url === `/v1/blueprints/deployment/entities?upsert=true&run_id=${apiRun.id}`,
    );
    expect(sent.length).toBeGreaterThanOrEqual(1);
    expect(JSON.parse(sent.at(-1)!.body)).toEqual({
      identifier: 'api-first',
      title: 'First deployment of api',
      team: ['platform'],
      properties: { tier: 'gold', runId: apiRun.id },
      relations: { service: 'api' },
    });
    // Nothing went to the embedded catalog, and the client secret is in no stored run.
    expect(await bot.ctx.store.entities.getEntity('deployment', 'api-first')).toBeNull();
    expect(JSON.stringify(ended)).not.toContain('port-secret');
    expect(JSON.stringify(ended)).not.toContain('port-token-1');
  });
});
