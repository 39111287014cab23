import { Octokit } from '@octokit/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GithubPlan } from '../../../../core/backends/plan/request-plan.js';
import {
  CORRELATION_INPUT,
  sendGithub,
  type GithubRequest,
} from '../../../../core/backends/send/send-github.js';
import { FakeGithub } from '../../../../testkit/fake-github.js';

let github: FakeGithub;
let request: GithubRequest;
beforeEach(async () => {
  github = await new FakeGithub().start();
  github.addRepository('acme/deploys', { defaultBranch: 'trunk' });
  github.ghes = true;
  const octokit = new Octokit({ baseUrl: `${github.url}/api/v3`, auth: 'ghes-token' });
  request = (route, parameters) => octokit.request(route, parameters) as never;
});
afterEach(() => github.stop());

const plan: GithubPlan = {
  type: 'GITHUB',
  runId: 'r_0123456789abcdef',
  owner: 'acme',
  repo: 'deploys',
  workflow: 'deploy.yml',
  ref: null,
  refSource: 'default-branch',
  inputs: { service: 'svc-a' },
  returnRunDetails: true,
  reportWorkflowStatus: true,
};

describe('sendGithub on GitHub Enterprise Server without return_run_details', () => {
  it('dispatches again with the correlation input and finds the run by its run-name', async () => {
    github.workflows.set('acme/deploys/deploy.yml', {
      inputs: ['service', CORRELATION_INPUT],
      runName: `deploy \${{ inputs.${CORRELATION_INPUT} || '' }}`,
    });
    github.runListingDelayMs = 150;
    const result = await sendGithub(plan, request, { correlationTimeoutMs: 3000 });
    expect(github.dispatches).toHaveLength(1);
    expect(github.dispatches[0]!.body).toEqual({
      ref: 'trunk',
      inputs: { service: 'svc-a', [CORRELATION_INPUT]: plan.runId },
    });
    const repository = github.repository('acme/deploys');
    expect(result).toMatchObject({
      outcome: 'done',
      status: 'IN_PROGRESS',
      link: ['https://github.com/acme/deploys/actions/runs/9000001'],
      externalRunId: `gh_${repository.owner.id}_${repository.id}_9000001`,
    });
    expect(
      github.requestsTo('GET', /\/actions\/workflows\/deploy\.yml\/runs$/)[0]!.query.get('event'),
    ).toBe('workflow_dispatch');
  });

  it('fails with the line to add when the workflow does not declare the correlation input', async () => {
    github.workflows.set('acme/deploys/deploy.yml', { inputs: ['service'] });
    const result = await sendGithub(plan, request, { correlationTimeoutMs: 500 });
    expect(result.outcome).toBe('done');
    expect(result.outcome === 'done' && result.status).toBe('FAILURE');
    expect(result.logs.join('\n')).toContain(`inputs.${CORRELATION_INPUT}`);
    expect(result.logs.join('\n')).toContain('Unexpected inputs provided');
  });

  it('keeps the run in progress, unlinked, when no run carries the id in its title', async () => {
    const result = await sendGithub(plan, request, { correlationTimeoutMs: 300 });
    expect(result).toMatchObject({ outcome: 'done', status: 'IN_PROGRESS' });
    expect(result.outcome === 'done' && result.externalRunId).toBeFalsy();
    expect(result.logs.at(-1)).toContain('run-name');
  });
});
