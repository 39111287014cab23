import { afterEach, describe, expect, it } from 'vitest';
import type { Bot } from '../../../bot/create-bot.js';
import { startTestBot } from '../../helpers/start-test-bot.js';
import { READ_TOKEN, startFakeGitlab, type FakeGitlab } from './fake-gitlab.js';
import {
  DEPLOYER,
  SITE,
  delivered,
  gitlabAutomation,
  logsOf,
  updateEntity,
} from './gitlab-harness.js';

let bot: Bot | undefined;
let gitlab: FakeGitlab | undefined;
afterEach(async () => {
  await bot?.stop();
  await gitlab?.close();
  bot = undefined;
  gitlab = undefined;
});

const deployer = { groupName: 'platform/infra', projectName: 'deployer' };
const site = { groupName: 'web', projectName: 'site' };

async function start(
  definitions: Record<string, unknown>,
  env: Record<string, string> = {},
): Promise<Bot> {
  gitlab = await startFakeGitlab([DEPLOYER, SITE]);
  bot = await startTestBot(definitions, {
    GITLAB_URL: gitlab.url,
    platform_infra_deployer: 'glptt-deployer',
    SWITCHYARD_DELIVERY_ATTEMPTS: '2',
    ...env,
  });
  return bot;
}

describe('GITLAB backend against a GitLab-like trigger API', () => {
  it('triggers with the rendered ref (taken out of the variables) and every variable as a string; links the pipeline', async () => {
    await start({
      'deploy.json': gitlabAutomation('deploy', 'service', {
        ...deployer,
        defaultRef: 'release',
        pipelineVariables: {
          ref: '{{ .event.diff.after.properties.branch }}',
          TIER: '{{ .event.diff.after.properties.tier }}',
          LIVE: '{{ .event.diff.after.properties.live }}',
          FLAGS: '{{ .event.diff.after.properties.flags }}',
          NAME: '{{ .event.context.entityIdentifier }}',
          RUN_ID: '{{ .run.id }}',
        },
      }),
    });
    const [runId] = await updateEntity(bot!, 'service', {
      branch: 'feature-x',
      tier: 2,
      live: true,
      flags: { canary: true },
    });
    const run = await delivered(bot!, runId!);
    expect(gitlab!.requests[0]!.url).toBe(
      '/api/v4/projects/platform%2Finfra%2Fdeployer/trigger/pipeline',
    );
    expect(JSON.parse(gitlab!.requests[0]!.body)).toEqual({
      token: 'glptt-deployer',
      ref: 'feature-x',
      variables: {
        TIER: '2',
        LIVE: 'true',
        FLAGS: '{"canary":true}',
        NAME: 'service-1',
        RUN_ID: runId,
      },
    });
    const pipeline = gitlab!.pipelines[0]!;
    expect(run).toMatchObject({
      status: 'IN_PROGRESS',
      link: [pipeline.webUrl],
      externalRunId: `gl_42_${pipeline.id}`,
    });
    const logs = await logsOf(bot!, runId!);
    expect(logs).toContain(
      'Triggering GitLab pipeline for platform/infra/deployer on ref feature-x',
    );
    expect(logs).toContain(`Pipeline triggered: ${pipeline.webUrl}`);
    expect(JSON.stringify([run, logs])).not.toContain('glptt-deployer');
  });

  it('falls back to defaultRef, then to the project default branch when a read token is set', async () => {
    await start(
      {
        'release.json': gitlabAutomation('release', 'library', {
          ...deployer,
          defaultRef: 'release',
        }),
        'site.json': gitlabAutomation('site', 'website', {
          ...site,
          pipelineVariables: { A: 'b' },
        }),
      },
      { GITLAB_READ_TOKEN: READ_TOKEN, SWITCHYARD_SECRET_web_site: 'glptt-site' },
    );
    const [release] = await updateEntity(bot!, 'library', {});
    const [siteRun] = await updateEntity(bot!, 'website', {});
    await delivered(bot!, release!);
    await delivered(bot!, siteRun!);
    const refs = Object.fromEntries(gitlab!.pipelines.map((p) => [p.projectId, p.ref]));
    expect(refs).toEqual({ 42: 'release', 77: 'trunk' });
    const read = gitlab!.requests.find((r) => r.method === 'GET')!;
    expect(read.url).toBe('/api/v4/projects/web%2Fsite');
    expect(read.headers['private-token']).toBe(READ_TOKEN);
    expect(gitlab!.requests.filter((r) => r.method === 'GET')).toHaveLength(1);
    expect(await logsOf(bot!, siteRun!)).toContain(
      'Triggering GitLab pipeline for web/site on ref trunk (no ref given: the project default branch)',
    );
  });

  it("takes a self-service run's ref input before defaultRef", async () => {
    await start({
      'deploy.json': {
        identifier: 'deploy_gitlab',
        trigger: {
          type: 'self-service',
          operation: 'DAY-2',
          blueprintIdentifier: 'service',
          userInputs: { properties: { ref: { type: 'string' } } },
        },
        invocationMethod: {
          type: 'GITLAB',
          ...deployer,
          defaultRef: 'release',
          pipelineVariables: { WHO: '{{ .entity.identifier }}' },
        },
      },
    });
    const answer = await fetch(`${bot!.url}/v1/actions/deploy_gitlab/runs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ properties: { ref: 'feature-x' }, entity: 'svc-a' }),
    });
    expect(answer.status).toBe(202);
    const runId = ((await answer.json()) as { run: { id: string } }).run.id;
    await delivered(bot!, runId);
    expect(gitlab!.pipelines[0]).toMatchObject({ ref: 'feature-x', variables: { WHO: 'svc-a' } });
  });

  it('uses main without a read token, and the run log says why', async () => {
    await start(
      { 'site.json': gitlabAutomation('site', 'website', site) },
      { SWITCHYARD_GITLAB_TOKEN_web_site: 'glptt-site' },
    );
    const [runId] = await updateEntity(bot!, 'website', {});
    await delivered(bot!, runId!);
    expect(gitlab!.pipelines[0]!.ref).toBe('main');
    expect(gitlab!.requests.every((r) => r.method === 'POST')).toBe(true);
    expect((await logsOf(bot!, runId!))[0]).toMatch(
      /on ref main \(no ref given and no GitLab read token configured .*"main"\)/,
    );
  });

  it('reads the token through a {{ .secrets.NAME }} reference, and names the secret when it is missing', async () => {
    await start(
      {
        'site.json': gitlabAutomation('site', 'website', { ...site, defaultRef: 'trunk' }),
        'deploy.json': gitlabAutomation('deploy', 'service', deployer),
      },
      {
        SWITCHYARD_GITLAB_TOKEN_web_site: '{{ .secrets.SITE_TRIGGER }}',
        SWITCHYARD_SECRET_SITE_TRIGGER: 'glptt-site',
        platform_infra_deployer: '{{ .secrets["deployer-trigger"] }}',
      },
    );
    const [siteRun] = await updateEntity(bot!, 'website', {});
    const [deployRun] = await updateEntity(bot!, 'service', {});
    expect(await delivered(bot!, siteRun!)).toMatchObject({ status: 'IN_PROGRESS' });
    expect(await delivered(bot!, deployRun!)).toMatchObject({
      status: 'FAILURE',
      summary: expect.stringContaining(
        'set the environment variable SWITCHYARD_SECRET_deployer-trigger',
      ),
    });
    expect(gitlab!.pipelines.map((p) => p.projectId)).toEqual([77]);
  });

  it('fails a run without a token, naming the variable to set, and sends nothing', async () => {
    await start({
      'ghost.json': gitlabAutomation('ghost', 'service', {
        groupName: 'ops/tools',
        projectName: 'runner',
      }),
    });
    const [runId] = await updateEntity(bot!, 'service', {});
    expect(await delivered(bot!, runId!)).toMatchObject({
      status: 'FAILURE',
      summary: expect.stringContaining('set the environment variable ops_tools_runner'),
    });
    expect(gitlab!.requests).toHaveLength(0);
  });

  it.each([
    [
      'an unknown project',
      { groupName: 'nobody', projectName: 'nothing' },
      {},
      '404 Project Not Found',
    ],
    ['a bad ref', { ...deployer, defaultRef: 'no-such-branch' }, {}, 'Reference not found'],
    [
      'a wrong trigger token',
      deployer,
      { platform_infra_deployer: 'glptt-wrong' },
      '(404): "404 Not Found"',
    ],
    [
      'a token without access',
      deployer,
      { platform_infra_deployer: 'glcbt-job-token' },
      '(401): "401 Unauthorized"',
    ],
  ])("fails the run with GitLab's message for %s", async (_what, method, env, message) => {
    await start(
      { 'x.json': gitlabAutomation('x', 'service', method) },
      { nobody_nothing: 'glptt-deployer', ...env },
    );
    const [runId] = await updateEntity(bot!, 'service', {});
    const run = await delivered(bot!, runId!);
    expect(run).toMatchObject({ status: 'FAILURE', summary: expect.stringContaining(message) });
    expect(run.externalRunId).toBeNull();
    expect(gitlab!.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });
});
