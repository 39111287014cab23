/** Trigger-data objects (spec §2.2–2.3) for the differential test, one per kind of run. */

const user = {
  email: 'dev@example.com',
  firstName: 'Dana',
  lastName: 'Dev',
  phoneNumber: '',
  picture: '',
  providers: ['port'],
  status: 'ACTIVE',
  id: 'auth0|abc',
  createdAt: '2024-01-01T00:00:00.000Z',
  updatedAt: '2024-01-02T00:00:00.000Z',
};
const by = { orgId: 'org_1', userId: 'auth0|abc' };
const automationTrigger = {
  by: { ...by, user },
  origin: 'AUTOMATION',
  at: '2024-06-09T12:28:18.663Z',
};

const entity = (title: string, status: string, replicas: number) => ({
  identifier: 'svc-a',
  title,
  icon: 'Service',
  blueprint: 'service',
  team: ['platform', 'sre'],
  properties: { status, replicas, url: 'https://svc-a.example.com', tags: ['a', 'b'], ttl: null },
  relations: { domain: 'payments', deps: ['svc-b', 'svc-c'] },
  createdAt: '2024-06-01T10:00:00.000Z',
  createdBy: 'auth0|abc',
  updatedAt: '2024-06-09T12:28:18.000Z',
  updatedBy: 'auth0|abc',
});

const entityEvent = (
  action: string,
  before: unknown,
  after: unknown,
  propertyIdentifier: unknown = null,
) => ({
  inputs: null,
  trigger: automationTrigger,
  event: {
    action,
    resourceType: 'entity',
    trigger: { by, origin: 'UI', at: '2024-06-09T12:28:17.000Z' },
    context: { blueprintIdentifier: 'service', entityIdentifier: 'svc-a', propertyIdentifier },
    diff: { before, after },
  },
  entity: null,
  action: { identifier: 'notify_on_change' },
  run: { id: 'r_k86OUzq80jRlxFV0' },
  secrets: { token: 's3cr3t-token', 'api-key': 'k-123' },
});

const run = (status: string) => ({
  id: 'r_prev',
  status,
  action: { identifier: 'deploy', title: 'Deploy', icon: 'Rocket', deleted: false },
  source: 'UI',
  link: [],
  requiredApproval: false,
  properties: { ref: 'main', version: 7 },
  createdAt: '2024-06-09T12:00:00.000Z',
  updatedAt: '2024-06-09T12:05:00.000Z',
  payload: { type: 'WEBHOOK', url: 'https://hooks.example.com', body: { ref: 'main' } },
});

const runEvent = (action: string, before: unknown, after: unknown) => ({
  ...entityEvent(action, null, null),
  event: {
    id: 'event_GH2680QIOEzwwNZB',
    action,
    resourceType: 'run',
    trigger: { by, origin: 'API', at: '2024-06-09T12:05:00.000Z' },
    context: {
      action: { identifier: 'deploy', title: 'Deploy', invocationMethod: { type: 'WEBHOOK' } },
    },
    diff: { before, after },
  },
});

const selfService = (operation: string, inputs: unknown, target: unknown) => ({
  inputs,
  trigger: { by: { ...by, user }, origin: 'UI', at: '2024-06-09T12:28:18.663Z', operation },
  event: null,
  entity: target,
  action: { identifier: 'scaffold', blueprint: 'service', encryptedProperties: [] },
  run: { id: 'r_self' },
  secrets: { token: 's3cr3t-token' },
});

export const TRIGGER_DATA_SAMPLES: Readonly<Record<string, unknown>> = {
  entityCreated: entityEvent('CREATE', null, entity('Service A', 'Active', 2)),
  entityUpdated: entityEvent(
    'UPDATE',
    entity('Service A', 'Active', 2),
    entity('Service A+', 'Degraded', 0),
  ),
  entityDeleted: entityEvent('DELETE', entity('Service A', 'Retired', 0), null),
  timerExpired: entityEvent('TIMER_EXPIRED', null, entity('Service A', 'Active', 1), 'ttl'),
  runCreated: runEvent('CREATE', null, run('IN_PROGRESS')),
  runUpdated: runEvent('UPDATE', run('IN_PROGRESS'), run('SUCCESS')),
  selfServiceCreate: selfService(
    'CREATE',
    {
      ref: 'feature/x',
      name: 'new-svc',
      count: 3,
      dry_run: false,
      tags: ['x', 'y'],
      config: { a: 1, b: [true, null] },
    },
    {},
  ),
  selfServiceDay2: selfService(
    'DAY-2',
    {
      services: [
        { identifier: 'svc-b', title: 'B' },
        { identifier: 'svc-c', title: 'C' },
      ],
      reason: 'it\'s "urgent"',
    },
    entity('Service A', 'Active', 2),
  ),
};
