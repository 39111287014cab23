import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBundle } from '../../testkit/build-bundle.js';
import { FakeGithub } from '../../testkit/fake-github.js';
import { HEAD_FILES, json } from './fixtures.js';
import { LoopbackReceiver } from './loopback-receiver.js';
import { makeWorkspace, runAction } from '../../testkit/run-action.js';

let bundle: string;
let github: FakeGithub;
let hooks: LoopbackReceiver;
let bot: LoopbackReceiver;

beforeAll(async () => {
  bundle = buildBundle();
  github = await new FakeGithub().start();
  hooks = await new LoopbackReceiver().start();
  bot = await new LoopbackReceiver((request) => {
    if (request.path === '/v1/auth/access_token') {
      const { clientId, clientSecret } = JSON.parse(request.text);
      return clientId === 'ci' && clientSecret === 'shh'
        ? {
            status: 200,
            body: { ok: true, accessToken: 'bot-token', expiresIn: 3600, tokenType: 'Bearer' },
          }
        : {
            status: 401,
            body: { ok: false, error: 'unauthorized', message: 'bad client credentials' },
          };
    }
    if (request.headers.authorization !== 'Bearer bot-token') {
      return { status: 401, body: { ok: false, error: 'unauthorized', message: 'no token' } };
    }
    return {
      status: 202,
      body: { ok: true, run: { id: 'r_fromthebot00000', status: 'IN_PROGRESS' } },
    };
  }).start();
});
afterAll(async () => {
  await github?.stop();
  await hooks?.stop();
  await bot?.stop();
});

/** The head files plus a webhook automation aimed at the loopback receiver. */
function files(): Record<string, string> {
  return {
    ...HEAD_FILES,
    'automations/catalog/notify-loopback.json': json({
      identifier: 'notify_loopback',
      trigger: {
        type: 'automation',
        event: { type: 'ENTITY_CREATED', blueprintIdentifier: 'service' },
        condition: {
          type: 'JQ',
          expressions: ['.diff.after.properties.tier != "tier-3"'],
          combinator: 'and',
        },
      },
      invocationMethod: {
        type: 'WEBHOOK',
        url: `${hooks.url}/hook?service={{ .event.context.entityIdentifier }}`,
        headers: { Authorization: 'Bearer {{ .secrets.HOOK_TOKEN }}' },
        body: { service: '{{ .event.diff.after.title }}', run: '{{ .run.id }}' },
        synchronized: true,
      },
      publish: true,
    }),
    'automations/self-service/scaffold-service.json': json({
      identifier: 'scaffold_service',
      trigger: {
        type: 'self-service',
        operation: 'CREATE',
        userInputs: {
          properties: { name: { type: 'string' }, language: { type: 'string', default: 'go' } },
          required: ['name'],
        },
      },
      invocationMethod: {
        type: 'WEBHOOK',
        url: `${hooks.url}/scaffold`,
        body: {
          name: '{{ .inputs.name }}',
          language: '{{ .inputs.language }}',
          run: '{{ .run.id }}',
        },
      },
      publish: true,
    }),
  };
}

const dispatch = (inputs: Record<string, string>) =>
  runAction({
    bundle,
    apiUrl: github.url,
    eventName: 'workflow_dispatch',
    payload: { inputs: {}, ref: 'refs/heads/main' },
    workspace: makeWorkspace(files()),
    inputs,
  });

describe('workflow_dispatch: dispatch mode', () => {
  it('sends exactly the planned webhook request, with the real secret and a Port signature', async () => {
    const before = hooks.received.length;
    const run = await dispatch({
      identifier: 'notify_loopback',
      event: 'automations/events/service-created.json',
      secrets: JSON.stringify({ HOOK_TOKEN: 'hook-secret-value' }),
      'signing-secret': 'port-client-secret',
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const sent = hooks.received.slice(before);
    expect(sent).toHaveLength(1);
    const report = JSON.parse(readFileSync(run.outputs.report!, 'utf8'));
    const planned = report.dispatch.request;
    expect(sent[0]!.method).toBe(planned.method);
    expect(sent[0]!.path).toBe('/hook?service=ledger-api');
    expect(sent[0]!.headers.authorization).toBe('Bearer hook-secret-value');
    expect(planned.headers.Authorization).toBe('Bearer ***');
    expect(sent[0]!.headers['x-port-signature']).toMatch(/^v1,/);
    expect(JSON.parse(sent[0]!.text)).toEqual(planned.body);
    expect(sent[0]!.text).toBe(planned.bodyText);
    expect(planned.body).toEqual({ service: 'Ledger API', run: run.outputs['run-id'] });
    expect(run.outputs.status).toBe('SUCCESS');
    expect(report.dispatch.outcome).toBe('sent');
    expect(run.summary).not.toContain('hook-secret-value');
    // The runner hides masked values from the log; only the ::add-mask:: command names it.
    expect(run.stdout).toContain('::add-mask::hook-secret-value');
    expect(run.stdout.replace(/^::add-mask::.*$/gm, '')).not.toContain('hook-secret-value');
  });

  it('does not send when the event does not match, and says why', async () => {
    const before = hooks.received.length;
    const run = await dispatch({
      identifier: 'notify_loopback',
      event: 'automations/events/service-created-low-tier.json',
    });
    expect(run.code).toBe(0);
    expect(hooks.received.length).toBe(before);
    expect(run.outputs.status).toBe('SKIPPED');
    expect(run.summary).toContain('a condition did not pass');
  });

  it('dispatches a GitHub workflow with string inputs and the rendered ref', async () => {
    const run = await dispatch({
      identifier: 'deploy_on_version_change',
      event: 'automations/events/deployment-version-bumped.json',
    });
    expect(run.code).toBe(0);
    expect(github.dispatches).toHaveLength(1);
    expect(github.dispatches[0]).toEqual({
      owner: 'acme',
      repo: 'deployments',
      workflow: 'deploy.yml',
      body: {
        ref: 'release',
        inputs: { version: '1.5.0', run: run.outputs['run-id'] },
        return_run_details: true,
      },
    });
    expect(run.outputs.status).toBe('IN_PROGRESS');
    expect(run.summary).toContain('https://github.com/acme/deployments/actions/runs/9000001');
  });

  it('runs a self-service action with the given inputs', async () => {
    const before = hooks.received.length;
    const run = await dispatch({
      identifier: 'scaffold_service',
      inputs: JSON.stringify({ name: 'ledger', language: 'rust' }),
    });
    expect(run.code).toBe(0);
    const sent = hooks.received.slice(before);
    expect(sent.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /scaffold']);
    expect(JSON.parse(sent[0]!.text)).toEqual({
      name: 'ledger',
      language: 'rust',
      run: run.outputs['run-id'],
    });
    expect(run.outputs.status).toBe('IN_PROGRESS');
  });

  it('hands a self-service run to the bot with a token from /v1/auth/access_token', async () => {
    const before = hooks.received.length;
    const run = await dispatch({
      identifier: 'scaffold_service',
      inputs: JSON.stringify({ name: 'ledger' }),
      'bot-url': `${bot.url}/`,
      'client-id': 'ci',
      'client-secret': 'shh',
    });
    expect(run.code).toBe(0);
    expect(hooks.received.length).toBe(before);
    expect(bot.received.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /v1/auth/access_token',
      'POST /v1/actions/scaffold_service/runs',
    ]);
    expect(JSON.parse(bot.received[1]!.text)).toEqual({ properties: { name: 'ledger' } });
    expect(run.outputs.status).toBe('IN_PROGRESS');
  });

  it('refuses to hand an automation to the bot, which runs automations on their events', async () => {
    const run = await dispatch({
      identifier: 'notify_loopback',
      event: 'automations/events/service-created.json',
      'bot-url': bot.url,
      'client-id': 'ci',
      'client-secret': 'shh',
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/::error::notify_loopback is an automation: the bot runs it when/);
  });

  it('fails with the identifiers it knows when the automation does not exist', async () => {
    const run = await dispatch({
      identifier: 'nope',
      event: 'automations/events/service-created.json',
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /::error::no definition with identifier "nope" in automations \(found: .*notify_loopback/,
    );
  });
});
