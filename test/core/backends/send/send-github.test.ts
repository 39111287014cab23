import { Octokit } from '@octokit/core';
import { afterEach, describe, expect, it } from 'vitest';
import type { GithubPlan } from '../../../../core/backends/plan/request-plan.js';
import { sendGithub, type GithubRequest } from '../../../../core/backends/send/send-github.js';
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

const plan: GithubPlan = {
  type: 'GITHUB',
  runId: 'r_1',
  owner: 'acme',
  repo: 'deploys',
  workflow: 'deploy.yml',
  ref: null,
  refSource: 'default-branch',
  inputs: { service: 'svc-a' },
  returnRunDetails: true,
  reportWorkflowStatus: true,
};

/** GitHub's answers for the two endpoints the backend uses. */
async function fakeGithub(
  dispatch: (body: Record<string, unknown>) => [number, unknown],
): Promise<GithubRequest> {
  server = await startLoopbackServer((req, res) => {
    if (req.method === 'GET' && req.url === '/repos/acme/deploys') {
      return json(res, 200, {
        id: 42,
        name: 'deploys',
        default_branch: 'trunk',
        owner: { login: 'acme', id: 7 },
      });
    }
    if (
      req.method === 'POST' &&
      req.url === '/repos/acme/deploys/actions/workflows/deploy.yml/dispatches'
    ) {
      const [status, body] = dispatch(JSON.parse(req.body));
      if (status === 204) {
        res.writeHead(204);
        return res.end();
      }
      return json(res, status, body);
    }
    json(res, 404, {
      message: 'Not Found',
      documentation_url: 'https://docs.github.com/rest',
      status: '404',
    });
  });
  const octokit = new Octokit({ baseUrl: server.url, auth: 'installation-token' });
  return (route, parameters) => octokit.request(route, parameters) as never;
}

describe('sendGithub', () => {
  it('dispatches on the default branch with run details and links the run', async () => {
    const request = await fakeGithub(() => [
      200,
      {
        workflow_run_id: 9001,
        run_url: 'x',
        html_url: 'https://github.com/acme/deploys/actions/runs/9001',
      },
    ]);
    const result = await sendGithub(plan, request);
    expect(JSON.parse(server!.requests[1]!.body)).toEqual({
      ref: 'trunk',
      inputs: { service: 'svc-a' },
      return_run_details: true,
    });
    expect(server!.requests[1]!.headers.authorization).toBe('token installation-token');
    expect(result).toMatchObject({
      outcome: 'done',
      status: 'IN_PROGRESS',
      link: ['https://github.com/acme/deploys/actions/runs/9001'],
      externalRunId: 'gh_7_42_9001',
    });
  });

  it('uses the planned ref when there is one', async () => {
    const request = await fakeGithub(() => [204, undefined]);
    const result = await sendGithub(
      { ...plan, ref: 'release/1', refSource: 'workflowInputs.ref' },
      request,
    );
    expect(JSON.parse(server!.requests[1]!.body).ref).toBe('release/1');
    expect(result).toMatchObject({ outcome: 'done', status: 'IN_PROGRESS' });
    expect(result.logs.at(-1)).toContain('no run details');
  });

  it('fails the run with GitHub message on 422 and 404', async () => {
    const request = await fakeGithub(() => [
      422,
      { message: "Workflow does not have 'workflow_dispatch' trigger" },
    ]);
    expect(await sendGithub(plan, request)).toMatchObject({
      outcome: 'done',
      status: 'FAILURE',
      summary: "Error dispatching workflow: Workflow does not have 'workflow_dispatch' trigger",
    });
    const missing = await sendGithub({ ...plan, repo: 'nope' }, request);
    expect(missing).toMatchObject({
      outcome: 'done',
      status: 'FAILURE',
      summary: 'Error dispatching workflow: Not Found',
    });
  });

  it('retries on a 5xx', async () => {
    const request = await fakeGithub(() => [502, { message: 'Bad gateway' }]);
    expect(await sendGithub(plan, request)).toMatchObject({ outcome: 'retry', httpStatus: 502 });
  });
});
