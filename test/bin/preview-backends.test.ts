import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliCaptured as run } from '../helpers/run-cli-captured.js';

const CREATED = 'automations/events/service-created.json';
const fixed = ['--run-id', 'r_PREVIEW000000000', '--at', '2026-01-01T00:00:00.000Z'];

async function definitionFile(definition: unknown): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'sy-preview-backends-'));
  const file = join(dir, 'definition.json');
  await writeFile(file, JSON.stringify(definition));
  return file;
}

describe('switchyard preview: the exact request of every backend', () => {
  it('AZURE_DEVOPS: the incoming-webhook URL, headers and rendered payload', async () => {
    const { code, stdout } = await run(
      'preview',
      'test/fixtures/port-format/entity-created-azure-devops.json',
      '--event',
      CREATED,
      ...fixed,
    );
    expect(code).toBe(0);
    const preview = JSON.parse(stdout);
    expect(preview.matched).toBe(true);
    expect(preview.request).toEqual({
      type: 'AZURE_DEVOPS',
      runId: 'r_PREVIEW000000000',
      org: 'acme-platform',
      webhook: 'port_trigger',
      url: 'https://dev.azure.com/acme-platform/_apis/public/distributedtask/webhooks/port_trigger?api-version=6.0-preview',
      headers: { 'Content-Type': 'application/json', 'X-Switchyard-Run-Id': 'r_PREVIEW000000000' },
      body: preview.request.body,
      bodyText: JSON.stringify(preview.request.body),
    });
    expect(preview.request.body).toMatchObject({
      properties: { service_name: 'ledger-api' },
      port_context: { entity: 'ledger-api', blueprint: 'service', runId: 'r_PREVIEW000000000' },
    });
  });

  it("UPSERT_ENTITY: the entity and Port's request, secrets masked", async () => {
    const file = await definitionFile({
      identifier: 'record_service',
      trigger: {
        type: 'automation',
        event: { type: 'ENTITY_CREATED', blueprintIdentifier: 'service' },
      },
      invocationMethod: {
        type: 'UPSERT_ENTITY',
        blueprintIdentifier: 'inventory',
        mapping: {
          identifier: '{{ .event.diff.after.identifier }}-inv',
          title: 'Inventory of {{ .event.diff.after.title }}',
          team: '{{ .event.diff.after.team }}',
          properties: { owner: '{{ .secrets.OWNER }}', run: '{{ .run.id }}' },
          relations: { service: '{{ .event.diff.after.identifier }}' },
        },
      },
      publish: true,
    });
    const secrets = join(await mkdtemp(join(tmpdir(), 'sy-preview-')), 'secrets.json');
    await writeFile(secrets, JSON.stringify({ OWNER: 'owner-secret-value' }));
    const { code, stdout } = await run(
      'preview',
      file,
      '--event',
      CREATED,
      '--secrets',
      secrets,
      ...fixed,
    );
    expect(code).toBe(0);
    expect(stdout).not.toContain('owner-secret-value');
    const entity = {
      identifier: 'ledger-api-inv',
      title: 'Inventory of Ledger API',
      team: ['payments'],
      properties: { owner: '***', run: 'r_PREVIEW000000000' },
      relations: { service: 'ledger-api' },
    };
    expect(JSON.parse(stdout).request).toEqual({
      type: 'UPSERT_ENTITY',
      runId: 'r_PREVIEW000000000',
      blueprint: 'inventory',
      entity,
      target: 'catalog',
      request: {
        method: 'POST',
        url: '/v1/blueprints/inventory/entities?upsert=true&run_id=r_PREVIEW000000000',
        body: entity,
      },
    });
  });
});
