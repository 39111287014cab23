import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Bot } from '../../../bot/create-bot.js';
import { startFakeAzureDevops, type FakeAzureDevops } from '../../helpers/fake-azure-devops.js';
import { entity, entityEvent } from '../../helpers/sample-events.js';
import { signedPost } from '../../helpers/signed-post.js';
import { EVENTS_SECRET, startTestBot, WEBHOOK_SECRET } from '../../helpers/start-test-bot.js';
import { waitFor } from '../../helpers/wait-for.js';

let bot: Bot | undefined;
let azure: FakeAzureDevops | undefined;
afterEach(async () => {
  await bot?.stop();
  await azure?.close();
  bot = undefined;
  azure = undefined;
});

/** Port's documented AZURE_DEVOPS shape: the run id travels in the payload as port_context.runId. */
const provision = (webhook: string) => ({
  identifier: 'provision_pipeline',
  trigger: {
    type: 'automation',
    event: { type: 'ENTITY_CREATED', blueprintIdentifier: 'service' },
  },
  invocationMethod: {
    type: 'AZURE_DEVOPS',
    webhook,
    org: 'acme',
    payload: {
      properties: {
        service_name: '{{ .event.diff.after.identifier }}',
        token: '{{ .secrets.HOOK_TOKEN }}',
      },
      port_context: {
        runId: '{{ .run.id }}',
        blueprint: '{{ .event.context.blueprintIdentifier }}',
      },
    },
  },
  publish: true,
});

async function createService(b: Bot, id = 'api'): Promise<string> {
  const answer = await signedPost(
    `${b.url}/v1/events`,
    entityEvent('CREATE', 'service', null, entity('service', id, {})),
    EVENTS_SECRET,
  );
  return (answer.json.runs as string[])[0]!;
}

describe('AZURE_DEVOPS', () => {
  it('queues the pipeline through the incoming webhook, checksum verified, after retrying an outage', async () => {
    azure = await startFakeAzureDevops([
      { org: 'acme', webhook: 'port_trigger', secret: WEBHOOK_SECRET },
    ]);
    azure.failNext(2, 503);
    bot = await startTestBot(
      { 'provision.json': provision('port_trigger') },
      { SWITCHYARD_AZURE_DEVOPS_URL: azure.url },
    );
    const runId = await createService(bot);
    const queued = await waitFor(() => azure!.queued[0], 10_000, 'the queued pipeline run');
    expect(queued.payload).toEqual({
      properties: { service_name: 'api', token: 'test-hook-token' },
      port_context: { runId, blueprint: 'service' },
    });
    // Three POSTs to the same URL: two answered 503, retried through the outbox.
    expect(azure.requests.map((r) => `${r.method} ${r.url}`)).toEqual(
      Array(3).fill(
        'POST /acme/_apis/public/distributedtask/webhooks/port_trigger?api-version=6.0-preview',
      ),
    );
    const last = azure.requests[2]!;
    expect(last.headers['x-port-signature']).toBe(
      createHmac('sha1', WEBHOOK_SECRET).update(last.body).digest('hex'),
    );
    expect(last.headers['content-type']).toBe('application/json');
    const run = await waitFor(
      async () => {
        const r = await bot!.ctx.store.getRun(runId);
        const logs = await bot!.ctx.store.listRunLogs(runId);
        return logs.some((l) => l.message.includes('status code 200')) ? r : undefined;
      },
      5000,
      'the delivery to be recorded',
    );
    // The pipeline reports its own result: the run waits for it.
    expect(run!.status).toBe('IN_PROGRESS');
    // The stored request is the exact one, with the secret masked.
    expect(run!.payload).toMatchObject({
      type: 'AZURE_DEVOPS',
      url: `${azure.url}/acme/_apis/public/distributedtask/webhooks/port_trigger?api-version=6.0-preview`,
      body: { properties: { service_name: 'api', token: '***' } },
    });
    expect(JSON.stringify(run)).not.toContain('test-hook-token');
    const logs = (await bot.ctx.store.listRunLogs(runId)).map((l) => l.message);
    expect(logs.filter((l) => l.includes('status code 503'))).toHaveLength(2);
  });

  it("ends the run FAILURE with Azure DevOps' message for an unknown webhook", async () => {
    azure = await startFakeAzureDevops([{ org: 'acme', webhook: 'port_trigger' }]);
    bot = await startTestBot(
      { 'provision.json': provision('no_such_hook') },
      { SWITCHYARD_AZURE_DEVOPS_URL: azure.url },
    );
    const runId = await createService(bot);
    const run = await waitFor(
      async () => {
        const r = await bot!.ctx.store.getRun(runId);
        return r?.endedAt ? r : undefined;
      },
      8000,
      'the run to end',
    );
    expect(run.status).toBe('FAILURE');
    expect(run.summary).toBe(
      'Failed to trigger the Azure DevOps webhook no_such_hook with status code: 404: WebHookNotFoundException: No incoming webhook named no_such_hook was found in organization acme.',
    );
    expect(azure.requests).toHaveLength(1);
    expect(azure.queued).toEqual([]);
  });
});
