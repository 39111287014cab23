import { DOCS, notFound, send, type FakeGithubServer, type Route } from './fake-github-server.js';
import { renderRunName, type FakeWorkflowRun } from './fake-github-state.js';

function runJson(fake: FakeGithubServer, run: FakeWorkflowRun): Record<string, unknown> {
  return {
    id: run.id,
    name: run.name,
    display_title: run.display_title,
    event: run.event,
    status: run.status,
    conclusion: run.conclusion,
    head_branch: run.head_branch,
    html_url: run.html_url,
    url: `${fake.url}/repos/${run.repository}/actions/runs/${run.id}`,
    run_attempt: run.run_attempt,
    created_at: run.created_at,
    path: `.github/workflows/${run.workflow}`,
  };
}

/** Workflow dispatches (with or without run details, or GHES's 400) and workflow runs. */
export const actionRoutes: readonly Route[] = [
  [
    'POST',
    /^\/repos\/([^/]+)\/([^/]+)\/actions\/workflows\/([^/]+)\/dispatches$/,
    ({ fake, match, body, res }) => {
      const dispatch = body as {
        ref?: unknown;
        inputs?: Record<string, unknown>;
        return_run_details?: boolean;
      };
      const [owner, repo] = [match[1]!, match[2]!];
      const workflow = decodeURIComponent(match[3]!);
      if (fake.ghes && dispatch && 'return_run_details' in dispatch) {
        return send(res, 400, {
          message: 'Invalid request.\n\n"return_run_details" is not a permitted key.',
          documentation_url: DOCS,
        });
      }
      if (typeof dispatch?.ref !== 'string') {
        return send(res, 422, {
          message: 'Invalid request.\n\n"ref" wasn\'t supplied.',
          documentation_url: DOCS,
        });
      }
      const inputs = dispatch.inputs ?? {};
      const bad = Object.entries(inputs).find(([, v]) => typeof v !== 'string');
      if (bad)
        return send(res, 422, {
          message: `Invalid value for input '${bad[0]}'`,
          documentation_url: DOCS,
        });
      const declared = fake.workflows.get(`${owner}/${repo}/${workflow}`);
      const unexpected = declared
        ? Object.keys(inputs).filter((name) => !declared.inputs.includes(name))
        : [];
      if (unexpected.length)
        return send(res, 422, {
          message: `Unexpected inputs provided: ${JSON.stringify(unexpected)}`,
          documentation_url: DOCS,
        });
      fake.dispatches.push({ owner, repo, workflow, body });
      const runId = 9_000_000 + fake.dispatches.length;
      const name = workflow.replace(/\.ya?ml$/, '');
      const run: FakeWorkflowRun = {
        id: runId,
        repository: `${owner}/${repo}`,
        workflow,
        name,
        display_title: declared?.runName ? renderRunName(declared.runName, name, inputs) : name,
        event: 'workflow_dispatch',
        status: 'queued',
        conclusion: null,
        head_branch: dispatch.ref,
        html_url: `https://github.com/${owner}/${repo}/actions/runs/${runId}`,
        run_attempt: 1,
        created_at: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
        visibleAt: Date.now() + fake.runListingDelayMs,
      };
      fake.workflowRuns.push(run);
      if (!dispatch.return_run_details) return send(res, 204, undefined);
      send(res, 200, {
        workflow_run_id: runId,
        run_url: `${fake.url}/repos/${owner}/${repo}/actions/runs/${runId}`,
        html_url: run.html_url,
      });
    },
  ],
  [
    'GET',
    /^\/repos\/([^/]+)\/([^/]+)\/actions\/workflows\/([^/]+)\/runs$/,
    ({ fake, match, url, res }) => {
      const event = url.searchParams.get('event');
      const branch = url.searchParams.get('branch');
      const created = /^>=(.+)$/.exec(url.searchParams.get('created') ?? '')?.[1];
      const runs = fake.workflowRuns
        .filter(
          (r) =>
            r.repository === `${match[1]}/${match[2]}` &&
            r.workflow === decodeURIComponent(match[3]!) &&
            r.visibleAt <= Date.now() &&
            (!event || r.event === event) &&
            (!branch || r.head_branch === branch) &&
            (!created || Date.parse(r.created_at) >= Date.parse(created)),
        )
        .reverse();
      send(res, 200, {
        total_count: runs.length,
        workflow_runs: runs.map((r) => runJson(fake, r)),
      });
    },
  ],
  [
    'GET',
    /^\/repos\/([^/]+)\/([^/]+)\/actions\/runs\/(\d+)$/,
    ({ fake, match, res }) => {
      const run = fake.workflowRuns.find((r) => r.id === Number(match[3]));
      if (!run || run.repository !== `${match[1]}/${match[2]}`) return notFound(res);
      send(res, 200, runJson(fake, run));
    },
  ],
];

/** Completes a run (a new attempt when it had completed) and returns the `workflow_run` webhook payload. */
export function completeWorkflowRun(
  fake: FakeGithubServer,
  runId: number,
  conclusion: string,
): Record<string, unknown> {
  const run = fake.workflowRuns.find((r) => r.id === runId);
  if (!run) throw new Error(`the fake has no workflow run ${runId}`);
  if (run.status === 'completed') run.run_attempt++;
  run.status = 'completed';
  run.conclusion = conclusion;
  const repository = fake.repository(run.repository);
  return {
    action: 'completed',
    workflow_run: { ...runJson(fake, run), workflow_id: 1 },
    workflow: { id: 1, name: run.name, path: `.github/workflows/${run.workflow}` },
    repository: fake.repositoryJson(repository),
    installation: { id: fake.installationOf(run.repository)?.id },
    sender: { login: 'switchyard[bot]', type: 'Bot' },
  };
}
