import type { ServerResponse } from 'node:http';
import { DOCS, notFound, send, type Route, type RouteCall } from './fake-github-server.js';
import type { FakeAnnotation, FakeCheckRun } from './fake-github-state.js';

const CONCLUSIONS = [
  'action_required',
  'cancelled',
  'failure',
  'neutral',
  'success',
  'skipped',
  'timed_out',
];

function invalid(res: ServerResponse, message: string): void {
  send(res, 422, { message: `Invalid request.\n\n${message}`, documentation_url: DOCS });
}

/** A branch name or commit sha of a repository → commit sha (undefined when unknown). */
function resolveRef(call: RouteCall, ref: string | null): string | undefined {
  const repository = call.fake.repositories.get(`${call.match[1]}/${call.match[2]}`);
  const name = ref ?? repository?.defaultBranch;
  if (name === undefined) return undefined;
  const branch = repository?.branches.get(name.replace(/^refs\/heads\//, ''));
  if (branch) return branch;
  return call.fake.git.commits.has(name) || call.fake.git.trees.has(name) ? name : undefined;
}

/** Checks a check run's `output`; returns the error message, if any. */
function checkOutput(body: Record<string, unknown>): string | undefined {
  const output = body.output as { title?: unknown; summary?: unknown; annotations?: unknown[] };
  if (output === undefined) return undefined;
  if (typeof output.title !== 'string' || typeof output.summary !== 'string')
    return '"title" and "summary" are required in "output".';
  if ((output.annotations?.length ?? 0) > 50) return 'Only 50 annotations are allowed per request.';
  if (body.conclusion !== undefined && !CONCLUSIONS.includes(String(body.conclusion)))
    return `"${String(body.conclusion)}" is not a valid conclusion.`;
  return undefined;
}

function applyCheckRun(run: FakeCheckRun, body: Record<string, unknown>): void {
  if (typeof body.name === 'string') run.name = body.name;
  if (typeof body.status === 'string') run.status = body.status;
  if (typeof body.conclusion === 'string') {
    run.conclusion = body.conclusion;
    run.status = 'completed';
  }
  const output = body.output as
    { title: string; summary: string; text?: string; annotations?: FakeAnnotation[] } | undefined;
  if (output) {
    run.output = { title: output.title, summary: output.summary, text: output.text };
    if (output.annotations?.length) {
      run.annotations.push(...output.annotations);
      run.annotationRequests++;
    }
  }
}

function checkRunJson(call: RouteCall, run: FakeCheckRun): Record<string, unknown> {
  return {
    id: run.id,
    name: run.name,
    head_sha: run.head_sha,
    status: run.status,
    conclusion: run.conclusion,
    output: { ...run.output, annotations_count: run.annotations.length },
    html_url: `https://github.com/${run.repository}/runs/${run.id}`,
    url: `${call.fake.url}/repos/${run.repository}/check-runs/${run.id}`,
  };
}

/** Repositories, branches, git trees and blobs, contents, check runs and issue comments. */
export const repositoryRoutes: readonly Route[] = [
  [
    'GET',
    /^\/repos\/([^/]+)\/([^/]+)$/,
    (call) => {
      const repository = call.fake.repositories.get(`${call.match[1]}/${call.match[2]}`);
      if (repository) return send(call.res, 200, call.fake.repositoryJson(repository));
      if (call.caller.kind !== 'token') return notFound(call.res);
      // Any repository, for callers with a plain token (the Action's tests).
      send(call.res, 200, {
        id: 4242,
        name: call.match[2],
        full_name: `${call.match[1]}/${call.match[2]}`,
        default_branch: 'main',
        owner: { login: call.match[1], id: 77 },
      });
    },
  ],
  [
    'GET',
    /^\/repos\/([^/]+)\/([^/]+)\/branches\/(.+)$/,
    (call) => {
      const repository = call.fake.repositories.get(`${call.match[1]}/${call.match[2]}`);
      const sha = repository?.branches.get(decodeURIComponent(call.match[3]!));
      if (!sha)
        return send(call.res, 404, { message: 'Branch not found', documentation_url: DOCS });
      send(call.res, 200, { name: decodeURIComponent(call.match[3]!), commit: { sha } });
    },
  ],
  [
    'GET',
    /^\/repos\/([^/]+)\/([^/]+)\/git\/trees\/([^/]+)$/,
    (call) => {
      const sha = resolveRef(call, decodeURIComponent(call.match[3]!));
      const root = sha ? (call.fake.git.commits.get(sha)?.tree ?? sha) : undefined;
      if (!root || !call.fake.git.trees.has(root)) return notFound(call.res);
      const recursive = call.url.searchParams.has('recursive');
      let tree = recursive ? call.fake.git.flatten(root) : (call.fake.git.trees.get(root) ?? []);
      const truncated = recursive && tree.length > call.fake.maxRecursiveEntries;
      if (truncated) tree = tree.slice(0, call.fake.maxRecursiveEntries);
      send(call.res, 200, {
        sha: root,
        url: `${call.fake.url}${call.url.pathname}`,
        tree,
        truncated,
      });
    },
  ],
  [
    'GET',
    /^\/repos\/([^/]+)\/([^/]+)\/git\/blobs\/([0-9a-f]{40})$/,
    (call) => {
      const content = call.fake.git.blobs.get(call.match[3]!);
      if (content === undefined) return notFound(call.res);
      const base64 = Buffer.from(content, 'utf8')
        .toString('base64')
        .replace(/(.{60})/g, '$1\n');
      send(call.res, 200, {
        sha: call.match[3],
        size: Buffer.byteLength(content),
        content: base64,
        encoding: 'base64',
      });
    },
  ],
  [
    'GET',
    /^\/repos\/([^/]+)\/([^/]+)\/contents\/(.+)$/,
    (call) => {
      const sha = resolveRef(call, call.url.searchParams.get('ref'));
      const files = sha ? call.fake.git.commits.get(sha)?.files : undefined;
      const path = decodeURIComponent(call.match[3]!);
      const content = files?.[path];
      if (content === undefined) return notFound(call.res);
      send(call.res, 200, {
        type: 'file',
        encoding: 'base64',
        size: Buffer.byteLength(content),
        name: path.split('/').pop(),
        path,
        content: Buffer.from(content, 'utf8').toString('base64'),
      });
    },
  ],
  [
    'POST',
    /^\/repos\/([^/]+)\/([^/]+)\/check-runs$/,
    (call) => {
      const body = (call.body ?? {}) as Record<string, unknown>;
      if (typeof body.name !== 'string') return invalid(call.res, '"name" wasn\'t supplied.');
      if (typeof body.head_sha !== 'string' || !call.fake.git.commits.has(body.head_sha))
        return send(call.res, 422, {
          message: `No commit found for SHA: ${String(body.head_sha)}`,
          documentation_url: DOCS,
        });
      const error = checkOutput(body);
      if (error) return invalid(call.res, error);
      const run: FakeCheckRun = {
        id: call.fake.id(),
        repository: `${call.match[1]}/${call.match[2]}`,
        name: body.name,
        head_sha: body.head_sha,
        status: 'queued',
        conclusion: null,
        output: {},
        annotations: [],
        annotationRequests: 0,
      };
      applyCheckRun(run, body);
      call.fake.checkRuns.push(run);
      send(call.res, 201, checkRunJson(call, run));
    },
  ],
  [
    'PATCH',
    /^\/repos\/([^/]+)\/([^/]+)\/check-runs\/(\d+)$/,
    (call) => {
      const run = call.fake.checkRuns.find(
        (r) =>
          r.id === Number(call.match[3]) && r.repository === `${call.match[1]}/${call.match[2]}`,
      );
      if (!run) return notFound(call.res);
      const body = (call.body ?? {}) as Record<string, unknown>;
      const error = checkOutput(body);
      if (error) return invalid(call.res, error);
      applyCheckRun(run, body);
      send(call.res, 200, checkRunJson(call, run));
    },
  ],
];
