import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Bot } from '../../../bot/create-bot.js';
import type { RunRecord } from '../../../bot/store/run-record.js';
import { CORRELATION_INPUT } from '../../../core/backends/send/send-github.js';
import { completeWorkflowRun } from '../../../testkit/fake-github-action-routes.js';
import type { FakeGithub } from '../../../testkit/fake-github.js';
import { entity, entityEvent } from '../../helpers/sample-events.js';
import { signedPost } from '../../helpers/signed-post.js';
import { EVENTS_SECRET } from '../../helpers/start-test-bot.js';
import { waitFor } from '../../helpers/wait-for.js';
import { deliver, installationPayload, startAppBot, startFakeGithub } from './github-harness.js';

const DEFS = 'acme/defs';

function deployAutomation(
  overrides: Record<string, unknown> = {},
  inputs?: Record<string, unknown>,
) {
  return `${JSON.stringify(
    {
      identifier: 'deploy_on_create',
      title: 'Deploy a new service',
      trigger: {
        type: 'automation',
        event: { type: 'ENTITY_CREATED', blueprintIdentifier: 'service' },
      },
      invocationMethod: {
        type: 'GITHUB',
        org: 'acme',
        repo: 'deploys',
        workflow: 'deploy.yml',
        workflowInputs: inputs ?? {
          ref: 'release/1.x',
          service: '{{ .event.diff.after.identifier }}',
          tier: '{{ .event.diff.after.properties.tier }}',
          meta: { tier: '{{ .event.diff.after.properties.tier }}', critical: true },
        },
        reportWorkflowStatus: true,
        ...overrides,
      },
      publish: true,
    },
    null,
    2,
  )}\n`;
}

let github: FakeGithub;
let bot: Bot | undefined;
beforeEach(async () => {
  github = await startFakeGithub();
  github.addRepository('acme/deploys', { defaultBranch: 'trunk' });
});
afterEach(async () => {
  await bot?.stop();
  bot = undefined;
  await github.stop();
});

/** The bot with `definition` synced from acme/defs; the app is installed on `installedOn`. */
async function botWith(definition: string, installedOn: string[] = [DEFS, 'acme/deploys']) {
  github.addRepository(DEFS, { files: { 'automations/deploy.json': definition } });
  github.install(7, installedOn);
  bot = await startAppBot(github);
  expect(await deliver(bot, 'installation', installationPayload(github, 7))).toBe(200);
  return bot;
}

async function createService(b: Bot, tier = 1): Promise<string> {
  const answer = await signedPost(
    `${b.url}/v1/events`,
    entityEvent('CREATE', 'service', null, entity('service', 'svc-a', { tier })),
    EVENTS_SECRET,
  );
  expect(answer.status).toBe(202);
  const [runId] = answer.json.runs as string[];
  return runId!;
}

const delivered = (b: Bot, runId: string) =>
  waitFor(
    async () => {
      const run = await b.ctx.store.getRun(runId);
      const logs = await b.ctx.store.listRunLogs(runId);
      return run && (run.externalRunId || run.status !== 'IN_PROGRESS') ? { run, logs } : undefined;
    },
    10_000,
    'the dispatch',
  );

const ended = (b: Bot, runId: string) =>
  waitFor(async () => {
    const run = await b.ctx.store.getRun(runId);
    return run && run.status !== 'IN_PROGRESS' ? run : undefined;
  });

describe('GitHub App: GITHUB backend', () => {
  it('dispatches the workflow as the installation, with the ref and string inputs, and links the run', async () => {
    const b = await botWith(deployAutomation());
    const runId = await createService(b);
    const { run } = await delivered(b, runId);
    expect(github.dispatches).toHaveLength(1);
    expect(github.dispatches[0]).toEqual({
      owner: 'acme',
      repo: 'deploys',
      workflow: 'deploy.yml',
      body: {
        ref: 'release/1.x',
        inputs: { service: 'svc-a', tier: '1', meta: '{"tier":1,"critical":true}' },
        return_run_details: true,
      },
    });
    const dispatch = github.requestsTo('POST', /\/dispatches$/)[0]!;
    const token = dispatch.headers.authorization!.replace(/^token /, '');
    expect(github.tokens.get(token)).toBe(7);
    const repository = github.repository('acme/deploys');
    expect(run).toMatchObject({
      status: 'IN_PROGRESS',
      link: ['https://github.com/acme/deploys/actions/runs/9000001'],
      externalRunId: `gh_${repository.owner.id}_${repository.id}_9000001`,
      action: { identifier: 'deploy_on_create' },
      origin: { repository: DEFS, file: 'automations/deploy.json' },
    });
  });

  it('dispatches on the default branch when the inputs name no ref', async () => {
    const b = await botWith(
      deployAutomation({}, { service: '{{ .event.diff.after.identifier }}' }),
    );
    await delivered(b, await createService(b));
    expect(github.dispatches[0]!.body).toMatchObject({
      ref: 'trunk',
      inputs: { service: 'svc-a' },
    });
  });

  it('closes the run when the workflow run completes: success, then a redelivery changes nothing', async () => {
    const b = await botWith(deployAutomation());
    const runId = await createService(b);
    await delivered(b, runId);
    const payload = completeWorkflowRun(github, 9_000_001, 'success');
    expect(await deliver(b, 'workflow_run', payload)).toBe(200);
    const run = await ended(b, runId);
    expect(run.status).toBe('SUCCESS');
    const logs = (await b.ctx.store.listRunLogs(runId)).map((l) => l.message);
    expect(logs).toContain(
      'Workflow completed: success (https://github.com/acme/deploys/actions/runs/9000001)',
    );
    expect(await deliver(b, 'workflow_run', payload)).toBe(200);
    expect((await b.ctx.store.listRunLogs(runId)).length).toBe(logs.length);
  });

  it.each([
    ['failure', 'FAILURE'],
    ['cancelled', 'FAILURE'],
    ['skipped', 'SUCCESS'],
    ['neutral', 'SUCCESS'],
  ])('maps the conclusion %s to %s', async (conclusion, status) => {
    const b = await botWith(deployAutomation());
    const runId = await createService(b);
    await delivered(b, runId);
    await deliver(b, 'workflow_run', completeWorkflowRun(github, 9_000_001, conclusion));
    const run: RunRecord = await ended(b, runId);
    expect(run.status).toBe(status);
    const logs = (await b.ctx.store.listRunLogs(runId)).map((l) => l.message);
    expect(logs.some((l) => l.startsWith(`Workflow completed: ${conclusion} (`))).toBe(true);
  });

  it('leaves the run to the workflow when reportWorkflowStatus is false', async () => {
    const b = await botWith(deployAutomation({ reportWorkflowStatus: false }));
    const runId = await createService(b);
    await delivered(b, runId);
    await deliver(b, 'workflow_run', completeWorkflowRun(github, 9_000_001, 'success'));
    expect((await b.ctx.store.getRun(runId))!.status).toBe('IN_PROGRESS');
  });

  it('on GitHub Enterprise Server, dispatches with the correlation input and finds the run by its run-name', async () => {
    github.ghes = true;
    github.runListingDelayMs = 200;
    github.workflows.set('acme/deploys/deploy.yml', {
      inputs: ['service', 'tier', 'meta', CORRELATION_INPUT],
      runName: `Deploy \${{ inputs.${CORRELATION_INPUT} || '' }}`,
    });
    const b = await botWith(deployAutomation());
    const runId = await createService(b);
    const { run } = await delivered(b, runId);
    expect(github.dispatches).toHaveLength(1);
    expect(github.dispatches[0]!.body).toMatchObject({
      ref: 'release/1.x',
      inputs: { service: 'svc-a', [CORRELATION_INPUT]: runId },
    });
    expect(github.dispatches[0]!.body).not.toHaveProperty('return_run_details');
    expect(run.link).toEqual(['https://github.com/acme/deploys/actions/runs/9000001']);
    await deliver(b, 'workflow_run', completeWorkflowRun(github, 9_000_001, 'failure'));
    expect((await ended(b, runId)).status).toBe('FAILURE');
  });

  it('fails the run, saying so, when the app is not installed on the target repository', async () => {
    const b = await botWith(deployAutomation(), [DEFS]);
    const runId = await createService(b);
    const { run, logs } = await delivered(b, runId);
    expect(run.status).toBe('FAILURE');
    expect(github.dispatches).toHaveLength(0);
    expect(logs.map((l) => l.message).join('\n')).toMatch(
      /not installed on acme\/deploys: install it on that repository/,
    );
  });
});
