import { afterEach, describe, expect, it } from 'vitest';
import type { GitlabPlan } from '../../../../core/backends/plan/request-plan.js';
import { sendGitlab } from '../../../../core/backends/send/send-gitlab.js';
import {
  json,
  startLoopbackServer,
  type LoopbackServer,
} from '../../../helpers/loopback-server.js';

let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function fakeGitlab(): Promise<string> {
  server = await startLoopbackServer((req, res) => {
    const body = JSON.parse(req.body || '{}');
    if (req.url !== '/api/v4/projects/platform%2Finfra%2Fdeployer/trigger/pipeline') {
      return json(res, 404, { message: '404 Project Not Found' });
    }
    if (body.token !== 'glptt-good') return json(res, 404, { message: '404 Not Found' });
    if (body.ref === 'missing')
      return json(res, 400, { message: { base: ['Reference not found'] } });
    json(res, 201, {
      id: 555,
      iid: 3,
      project_id: 99,
      ref: body.ref,
      status: 'created',
      source: 'trigger',
      web_url: 'https://gitlab.example.com/platform/infra/deployer/-/pipelines/555',
    });
  });
  return server.url;
}

const plan = (url: string, ref = 'main'): GitlabPlan => ({
  type: 'GITLAB',
  runId: 'r_1',
  project: 'platform/infra/deployer',
  url: `${url}/api/v4/projects/platform%2Finfra%2Fdeployer/trigger/pipeline`,
  ref,
  refSource: 'defaultRef',
  variables: { TIER: '2' },
  tokenVariable: 'platform_infra_deployer',
});

describe('sendGitlab', () => {
  it('posts token, ref and string variables, and links the pipeline', async () => {
    const url = await fakeGitlab();
    const result = await sendGitlab(plan(url), { token: 'glptt-good' });
    expect(JSON.parse(server!.requests[0]!.body)).toEqual({
      token: 'glptt-good',
      ref: 'main',
      variables: { TIER: '2' },
    });
    expect(result).toMatchObject({
      outcome: 'done',
      status: 'IN_PROGRESS',
      link: ['https://gitlab.example.com/platform/infra/deployer/-/pipelines/555'],
      externalRunId: 'gl_99_555',
    });
    expect(JSON.stringify(result)).not.toContain('glptt-good');
  });
  it('fails, naming the variable to set, when no token is configured', async () => {
    const url = await fakeGitlab();
    const result = await sendGitlab(plan(url), { token: undefined });
    expect(result).toMatchObject({
      outcome: 'done',
      status: 'FAILURE',
      summary: expect.stringContaining('platform_infra_deployer'),
    });
    expect(server!.requests).toHaveLength(0);
  });
  it('fails with GitLab message on a bad token or ref', async () => {
    const url = await fakeGitlab();
    expect(await sendGitlab(plan(url), { token: 'wrong' })).toMatchObject({
      status: 'FAILURE',
      summary: expect.stringContaining('404 Not Found'),
    });
    expect(await sendGitlab(plan(url, 'missing'), { token: 'glptt-good' })).toMatchObject({
      status: 'FAILURE',
      summary: expect.stringContaining('Reference not found'),
    });
  });
});

describe('sendGitlab without a ref', () => {
  const fallback = (url: string): GitlabPlan => ({ ...plan(url), refSource: 'fallback-main' });
  async function withProjects(status: number, body: unknown): Promise<string> {
    server = await startLoopbackServer((req, res) => {
      if (req.method === 'GET') return json(res, status, body);
      json(res, 201, {
        id: 1,
        project_id: 99,
        web_url: 'https://gitlab.example.com/p/-/pipelines/1',
      });
    });
    return server.url;
  }
  it('asks the project for its default branch with the read token', async () => {
    const url = await withProjects(200, { id: 99, default_branch: 'trunk' });
    const result = await sendGitlab(fallback(url), { token: 'glptt-good', readToken: 'glpat-r' });
    expect(server!.requests[0]).toMatchObject({
      method: 'GET',
      url: '/api/v4/projects/platform%2Finfra%2Fdeployer',
    });
    expect(server!.requests[0]!.headers['private-token']).toBe('glpat-r');
    expect(JSON.parse(server!.requests[1]!.body).ref).toBe('trunk');
    expect(JSON.stringify(result)).not.toContain('glpat-r');
  });
  it('retries later when GitLab cannot answer, and uses main when it refuses', async () => {
    const down = await withProjects(503, {});
    expect(await sendGitlab(fallback(down), { token: 'glptt-good', readToken: 'r' })).toMatchObject(
      { outcome: 'retry' },
    );
    await server!.close();
    const refused = await withProjects(401, { message: '401 Unauthorized' });
    const result = await sendGitlab(fallback(refused), { token: 'glptt-good', readToken: 'r' });
    expect(JSON.parse(server!.requests[1]!.body).ref).toBe('main');
    expect(result.logs[0]).toContain('the default branch could not be read: GitLab answered 401');
  });
  it('reports why a token could not be read', async () => {
    const url = await withProjects(200, {});
    const result = await sendGitlab(plan(url), { token: { error: 'set SWITCHYARD_SECRET_X' } });
    expect(result).toMatchObject({
      status: 'FAILURE',
      summary: expect.stringContaining('SWITCHYARD_SECRET_X'),
    });
    expect(server!.requests).toHaveLength(0);
  });
});
