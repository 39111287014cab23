import { afterEach, describe, expect, it } from 'vitest';
import type { Bot } from '../../../bot/create-bot.js';
import { json, startLoopbackServer, type LoopbackServer } from '../../helpers/loopback-server.js';
import { startTestBot } from '../../helpers/start-test-bot.js';
import { waitFor } from '../../helpers/wait-for.js';
import { startFakeGitlab, type FakeGitlab } from './fake-gitlab.js';
import { DEPLOYER, delivered, gitlabAutomation, logsOf, updateEntity } from './gitlab-harness.js';

const HOOK_TOKEN = 'gitlab-hook-secret-for-tests';

let bot: Bot | undefined;
let gitlab: FakeGitlab | undefined;
let receiver: LoopbackServer | undefined;
afterEach(async () => {
  await bot?.stop();
  await gitlab?.close();
  await receiver?.close();
  bot = gitlab = receiver = undefined;
});

async function start(env: Record<string, string> = {}): Promise<Bot> {
  gitlab = await startFakeGitlab([DEPLOYER]);
  receiver = await startLoopbackServer((_req, res) => json(res, 200, {}));
  bot = await startTestBot(
    {
      'deploy.json': gitlabAutomation('deploy', 'service', {
        groupName: 'platform/infra',
        projectName: 'deployer',
        defaultRef: 'main',
      }),
      'after-deploy.json': {
        identifier: 'after_deploy',
        trigger: {
          type: 'automation',
          event: { type: 'RUN_UPDATED', actionIdentifier: 'deploy' },
        },
        invocationMethod: {
          type: 'WEBHOOK',
          url: `${receiver.url}/after`,
          synchronized: true,
          body: { status: '{{ .event.diff.after.status }}', run: '{{ .event.diff.after.id }}' },
        },
        publish: true,
      },
    },
    {
      GITLAB_URL: gitlab.url,
      platform_infra_deployer: 'glptt-deployer',
      SWITCHYARD_GITLAB_WEBHOOK_TOKEN: HOOK_TOKEN,
      ...env,
    },
  );
  return bot;
}

/** Triggers one pipeline through the bot; returns its run id and the pipeline. */
async function triggered() {
  const [runId] = await updateEntity(bot!, 'service', {});
  await delivered(bot!, runId!);
  return { runId: runId!, pipeline: gitlab!.pipelines.at(-1)! };
}

function hook(body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${bot!.url}/v1/gitlab/webhooks`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-gitlab-event': 'Pipeline Hook',
      'x-gitlab-token': HOOK_TOKEN,
      ...headers,
    },
    body: JSON.stringify(body),
  });
}

describe('POST /v1/gitlab/webhooks (Pipeline Hook)', () => {
  it('closes the run on success, names the status and pipeline in the log, and raises RUN_UPDATED', async () => {
    await start();
    const { runId, pipeline } = await triggered();
    const running = await hook(gitlab!.hookBody(pipeline, 'running'));
    expect(running.status).toBe(200);
    expect(await running.json()).toMatchObject({
      closed: [],
      ignored: 'status running is not final',
    });
    expect((await bot!.ctx.store.getRun(runId))!.status).toBe('IN_PROGRESS');

    const answer = await hook(gitlab!.hookBody(pipeline, 'success'));
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({
      ok: true,
      externalRunId: `gl_42_${pipeline.id}`,
      closed: [runId],
    });
    expect(await bot!.ctx.store.getRun(runId)).toMatchObject({
      status: 'SUCCESS',
      statusLabel: 'Pipeline success',
    });
    expect(await logsOf(bot!, runId)).toContain(`GitLab pipeline success: ${pipeline.webUrl}`);
    // The delivery (link, external id) raised one RUN_UPDATED already; the hook raises the next.
    await waitFor(
      () => receiver!.requests.some((r) => JSON.parse(r.body).status === 'SUCCESS'),
      5000,
      'the RUN_UPDATED follow-up for SUCCESS',
    );
    expect(receiver!.requests.map((r) => JSON.parse(r.body))).toContainEqual({
      status: 'SUCCESS',
      run: runId,
    });
  });

  it.each(['failed', 'canceled', 'skipped'])(
    'fails the run when the pipeline is %s',
    async (status) => {
      await start();
      const { runId, pipeline } = await triggered();
      expect((await hook(gitlab!.hookBody(pipeline, status))).status).toBe(200);
      expect((await bot!.ctx.store.getRun(runId))!.status).toBe('FAILURE');
      expect(await logsOf(bot!, runId)).toContain(`GitLab pipeline ${status}: ${pipeline.webUrl}`);
    },
  );

  it('is idempotent: a repeated or late hook changes nothing', async () => {
    await start();
    const { runId, pipeline } = await triggered();
    await hook(gitlab!.hookBody(pipeline, 'failed'));
    const logsBefore = await logsOf(bot!, runId);
    const again = await hook(gitlab!.hookBody(pipeline, 'success'));
    expect(await again.json()).toMatchObject({ closed: [] });
    expect((await bot!.ctx.store.getRun(runId))!.status).toBe('FAILURE');
    expect(await logsOf(bot!, runId)).toEqual(logsBefore);
    const other = await hook({ ...gitlab!.hookBody(pipeline, 'success'), project: { id: 9999 } });
    expect(await other.json()).toMatchObject({
      externalRunId: `gl_9999_${pipeline.id}`,
      closed: [],
    });
  });

  it('refuses a missing or wrong X-Gitlab-Token with 401 and changes nothing', async () => {
    await start();
    const { runId, pipeline } = await triggered();
    const wrong = await hook(gitlab!.hookBody(pipeline, 'success'), { 'x-gitlab-token': 'nope' });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ ok: false, error: 'invalid_token' });
    const missing = await fetch(`${bot!.url}/v1/gitlab/webhooks`, {
      method: 'POST',
      headers: { 'x-gitlab-event': 'Pipeline Hook' },
      body: JSON.stringify(gitlab!.hookBody(pipeline, 'success')),
    });
    expect(missing.status).toBe(401);
    expect((await bot!.ctx.store.getRun(runId))!.status).toBe('IN_PROGRESS');
  });

  it('acknowledges other GitLab events, refuses bad JSON, and is off without a configured token', async () => {
    await start();
    const push = await hook({ object_kind: 'push' }, { 'x-gitlab-event': 'Push Hook' });
    expect(push.status).toBe(200);
    expect(await push.json()).toMatchObject({
      ok: true,
      ignored: 'not a Pipeline Hook: Push Hook',
    });
    const bad = await fetch(`${bot!.url}/v1/gitlab/webhooks`, {
      method: 'POST',
      headers: { 'x-gitlab-event': 'Pipeline Hook', 'x-gitlab-token': HOOK_TOKEN },
      body: '{"object_kind":',
    });
    expect(bad.status).toBe(400);
    await bot!.stop();
    bot = await startTestBot({}, { SWITCHYARD_GITLAB_WEBHOOK_TOKEN: '' });
    const off = await hook({});
    expect(off.status).toBe(404);
    expect(((await off.json()) as { message: string }).message).toContain(
      'SWITCHYARD_GITLAB_WEBHOOK_TOKEN',
    );
  });
});
