/** Definitions and sample events for the Action's end-to-end tests: a base and a head. */

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

const notifyCreated = (text: string, condition?: string[]) => ({
  identifier: 'notify_service_created',
  title: 'Announce new services',
  trigger: {
    type: 'automation',
    event: { type: 'ENTITY_CREATED', blueprintIdentifier: 'service' },
    ...(condition ? { condition: { type: 'JQ', expressions: condition, combinator: 'and' } } : {}),
  },
  invocationMethod: {
    type: 'WEBHOOK',
    url: 'https://hooks.example.com/services',
    headers: { Authorization: 'Bearer {{ .secrets.SLACK_TOKEN }}', RUN_ID: '{{ .run.id }}' },
    body: { text, service: '{{ .event.context.entityIdentifier }}', runId: '{{ .run.id }}' },
  },
  publish: true,
});

const deployYaml = `identifier: deploy_on_version_change
title: Deploy when the version changes
trigger:
  type: automation
  event:
    type: ENTITY_UPDATED
    blueprintIdentifier: deployment
  condition:
    type: JQ
    expressions:
      - .diff.before.properties.version != .diff.after.properties.version
    combinator: and
invocationMethod:
  type: GITHUB
  org: acme
  repo: deployments
  workflow: deploy.yml
  workflowInputs:
    ref: '{{ .event.diff.after.properties.branch // "main" }}'
    version: '{{ .event.diff.after.properties.version }}'
    run: '{{ .run.id }}'
  reportWorkflowStatus: true
publish: true
`;

const owners = (publish: boolean) => `identifier: sync_service_owners
trigger:
  type: automation
  event:
    type: ENTITY_UPDATED
    blueprintIdentifier: service
  condition:
    type: JQ
    expressions:
      - .diff.before.team != .diff.after.team
    combinator: and
invocationMethod:
  type: WEBHOOK
  method: PUT
  url: https://oncall.example.com/services/{{ .event.context.entityIdentifier }}
  body:
    teams: '{{ .event.diff.after.team }}'
publish: ${publish}
`;

const legacy = {
  identifier: 'legacy_audit',
  trigger: {
    type: 'automation',
    event: { type: 'ENTITY_DELETED', blueprintIdentifier: 'service' },
  },
  invocationMethod: {
    type: 'KAFKA',
    payload: { deleted: '{{ .event.context.entityIdentifier }}' },
  },
  publish: true,
};

const audit = {
  identifier: 'audit_service_changes',
  trigger: {
    type: 'automation',
    event: { type: 'ANY_ENTITY_CHANGE', blueprintIdentifier: 'service' },
  },
  invocationMethod: { type: 'KAFKA', payload: { action: '{{ .event.action }}' } },
  publish: true,
};

const timerYaml = `identifier: terminate_expired_environment
trigger:
  type: automation
  event:
    type: TIMER_PROPERTY_EXPIRED
    blueprintIdentifier: environment
    propertyIdentifier: ttl
invocationMethod:
  type: GITLAB
  groupName: acme
  projectName: infrastructure
  defaultRef: main
  pipelineVariables:
    ENVIRONMENT: '{{ .event.context.entityIdentifier }}'
publish: true
`;

const entity = (title: string, team: string[], properties: Record<string, unknown>) => ({
  identifier: 'ledger-api',
  title,
  blueprint: 'service',
  team,
  properties,
  relations: {},
});

const serviceCreated = {
  action: 'CREATE',
  resourceType: 'entity',
  trigger: {
    by: { orgId: 'org_1', userId: 'user_1' },
    origin: 'UI',
    at: '2025-03-10T08:31:55.604Z',
  },
  context: {
    blueprintIdentifier: 'service',
    entityIdentifier: 'ledger-api',
    propertyIdentifier: null,
  },
  diff: { before: null, after: entity('Ledger API', ['payments'], { tier: 'tier-1' }) },
};

const serviceCreatedLow = {
  ...serviceCreated,
  context: { ...serviceCreated.context, entityIdentifier: 'sandbox' },
  diff: { before: null, after: entity('Sandbox', [], { tier: 'tier-3' }) },
};

const teamChanged = {
  action: 'UPDATE',
  resourceType: 'entity',
  trigger: {
    by: { orgId: 'org_1', userId: 'user_2' },
    origin: 'API',
    at: '2025-03-11T10:00:00.000Z',
  },
  context: {
    blueprintIdentifier: 'service',
    entityIdentifier: 'ledger-api',
    propertyIdentifier: null,
  },
  diff: {
    before: entity('Ledger API', ['payments'], { tier: 'tier-1' }),
    after: entity('Ledger API', ['payments', 'sre'], { tier: 'tier-1' }),
  },
};

const deploymentBumped = {
  action: 'UPDATE',
  resourceType: 'entity',
  trigger: {
    by: { orgId: 'org_1', userId: 'user_3' },
    origin: 'API',
    at: '2025-03-12T09:00:00.000Z',
  },
  context: {
    blueprintIdentifier: 'deployment',
    entityIdentifier: 'ledger-prod',
    propertyIdentifier: null,
  },
  diff: {
    before: {
      identifier: 'ledger-prod',
      blueprint: 'deployment',
      properties: { version: '1.4.0' },
    },
    after: {
      identifier: 'ledger-prod',
      blueprint: 'deployment',
      properties: { version: '1.5.0', branch: 'release' },
    },
  },
};

const events = {
  'automations/events/service-created.json': json(serviceCreated),
  'automations/events/service-created-low-tier.json': json(serviceCreatedLow),
  'automations/events/service-team-changed.json': json(teamChanged),
  'automations/events/deployment-version-bumped.json': json(deploymentBumped),
};

/** The base branch: five definitions. */
export const BASE_FILES: Record<string, string> = {
  'README.md': '# platform\n',
  'automations/catalog/notify-service-created.json': json(
    notifyCreated('New service {{ .event.diff.after.title }}'),
  ),
  'automations/old/deploy-on-version-change.yaml': deployYaml,
  'automations/catalog/sync-service-owners.yaml': owners(false),
  'automations/catalog/legacy-audit.json': json(legacy),
  'automations/audit/audit-service-changes.json': json(audit),
  ...events,
};

/**
 * The pull request: notify changed (text and a tier condition), deploy moved, owners
 * enabled, legacy removed, audit untouched, a timer automation added.
 */
export const HEAD_FILES: Record<string, string> = {
  'README.md': '# platform\n',
  'automations/catalog/notify-service-created.json': json(
    notifyCreated(
      'New {{ .event.diff.after.properties.tier }} service {{ .event.diff.after.title }}',
      ['.diff.after.properties.tier != "tier-3"'],
    ),
  ),
  'automations/deploy/deploy-on-version-change.yaml': deployYaml,
  'automations/catalog/sync-service-owners.yaml': owners(true),
  'automations/audit/audit-service-changes.json': json(audit),
  'automations/environments/terminate-expired-environment.yaml': timerYaml,
  ...events,
};

/** A head with `count` definitions that fail to compile (one jq error each) and one warning. */
export function brokenHead(count: number): Record<string, string> {
  const files: Record<string, string> = { ...HEAD_FILES };
  for (let i = 0; i < count; i++) {
    const broken = notifyCreated('broken', ['.diff.after.properties.tier ==']);
    files[`automations/broken/broken-${String(i).padStart(2, '0')}.json`] = json({
      ...broken,
      identifier: `broken_${i}`,
    });
  }
  return files;
}

export { json };
