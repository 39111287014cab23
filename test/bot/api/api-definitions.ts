import type { Automation, SelfServiceAction } from '../../../core/definitions/definition.js';

/** A DAY-2 self-service action with inputs of every kind the validation knows. */
export const deployAction: SelfServiceAction = {
  identifier: 'deploy_service',
  title: 'Deploy a service',
  trigger: {
    type: 'self-service',
    operation: 'DAY-2',
    blueprintIdentifier: 'service',
    userInputs: {
      properties: {
        environment: { type: 'string', title: 'Environment', enum: ['dev', 'staging', 'prod'] },
        version: { type: 'string', pattern: '^v\\d+\\.\\d+\\.\\d+$' },
        replicas: { type: 'number', default: 2, minimum: 1 },
        notify: { type: 'string', format: 'email' },
        dashboard: { type: 'string', format: 'url' },
        owner: { type: 'string', format: 'user' },
        target: { type: 'string', format: 'entity', blueprint: 'cluster' },
        startAt: { type: 'string', format: 'date-time' },
        tags: { type: 'array', items: { type: 'string' } },
        dryRun: { type: 'boolean', default: false },
      },
      required: ['environment', 'version'],
    },
  },
  invocationMethod: {
    type: 'WEBHOOK',
    url: 'http://127.0.0.1:9/deploy',
    body: {
      env: '{{ .inputs.environment }}',
      version: '{{ .inputs.version }}',
      entity: '{{ .entity.identifier }}',
      runId: '{{ .run.id }}',
    },
  },
};

/** Inputs whose `required` is a jq query over the form. */
export const scaffoldAction: SelfServiceAction = {
  identifier: 'scaffold',
  trigger: {
    type: 'self-service',
    operation: 'CREATE',
    userInputs: {
      properties: {
        language: { type: 'string', enum: ['go', 'javascript'] },
        sdk: { type: 'string' },
        name: { type: 'string', default: { jqQuery: '"svc-" + .form.language' } },
      },
      required: {
        jqQuery: 'if .form.language == "javascript" then ["language", "sdk"] else ["language"] end',
      },
    },
  },
  invocationMethod: {
    type: 'WEBHOOK',
    url: 'http://127.0.0.1:9/scaffold',
    body: { name: '{{ .inputs.name }}' },
  },
};

export const notifyAutomation: Automation = {
  identifier: 'notify_on_deploy',
  title: 'Notify on deploy',
  trigger: {
    type: 'automation',
    event: { type: 'RUN_UPDATED', actionIdentifier: 'deploy_service' },
  },
  invocationMethod: { type: 'WEBHOOK', url: 'http://127.0.0.1:9/notify' },
  publish: false,
};
