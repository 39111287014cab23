import type { GithubRequest } from '../../core/backends/send/send-github.js';
import type { Logger } from '../log/create-logger.js';
import {
  annotationsOf,
  syncSummary,
  type CheckAnnotation,
  type SyncReport,
} from './sync-summary.js';

export const CHECK_RUN_NAME = 'switchyard/sync';
/** GitHub takes at most 50 annotations per request; more go in further updates. */
const ANNOTATIONS_PER_REQUEST = 50;

interface Target {
  readonly owner: string;
  readonly repo: string;
  readonly sha: string;
}

/** Starts the `switchyard/sync` check run on the commit; undefined (logged) when GitHub refuses. */
export async function startCheckRun(
  request: GithubRequest,
  target: Target,
  log: Logger,
): Promise<number | undefined> {
  try {
    const response = await request('POST /repos/{owner}/{repo}/check-runs', {
      owner: target.owner,
      repo: target.repo,
      name: CHECK_RUN_NAME,
      head_sha: target.sha,
      status: 'in_progress',
      started_at: new Date().toISOString(),
    });
    return (response.data as { id: number }).id;
  } catch (error) {
    log.warn(
      { err: error },
      `could not create the ${CHECK_RUN_NAME} check run on ${target.owner}/${target.repo}@${target.sha.slice(0, 7)}: ${checkHint(error)}`,
    );
    return undefined;
  }
}

/** Completes the check run, sending the annotations 50 per request. */
export async function completeCheckRun(
  request: GithubRequest,
  target: Target & { readonly id: number },
  outcome: {
    readonly conclusion: 'success' | 'failure';
    readonly title: string;
    readonly summary: string;
    readonly annotations: readonly CheckAnnotation[];
  },
  log: Logger,
): Promise<void> {
  const chunks: CheckAnnotation[][] = [];
  for (let i = 0; i < outcome.annotations.length; i += ANNOTATIONS_PER_REQUEST)
    chunks.push(outcome.annotations.slice(i, i + ANNOTATIONS_PER_REQUEST));
  if (chunks.length === 0) chunks.push([]);
  const route = 'PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}';
  try {
    for (const [index, annotations] of chunks.entries()) {
      const last = index === chunks.length - 1;
      await request(route, {
        owner: target.owner,
        repo: target.repo,
        check_run_id: target.id,
        ...(last
          ? {
              status: 'completed',
              conclusion: outcome.conclusion,
              completed_at: new Date().toISOString(),
            }
          : { status: 'in_progress' }),
        output: {
          title: outcome.title,
          summary: outcome.summary,
          ...(annotations.length ? { annotations } : {}),
        },
      });
    }
  } catch (error) {
    log.warn(
      { err: error },
      `could not complete the ${CHECK_RUN_NAME} check run on ${target.owner}/${target.repo}: ${checkHint(error)}`,
    );
  }
}

/** Completes the check run with what the sync did: its summary and an annotation per problem. */
export async function completeSyncCheckRun(
  request: GithubRequest,
  target: Target & { readonly id: number },
  report: SyncReport,
  log: Logger,
): Promise<void> {
  const { title, summary } = syncSummary(report);
  await completeCheckRun(
    request,
    target,
    {
      conclusion: report.activated ? 'success' : 'failure',
      title,
      summary,
      annotations: annotationsOf(report.problems),
    },
    log,
  );
}

/** Fails the check run of a commit the sync could not read through the API. */
export async function failSyncCheckRun(
  request: GithubRequest,
  target: Target & { readonly id: number },
  error: unknown,
  log: Logger,
): Promise<void> {
  await completeCheckRun(
    request,
    target,
    {
      conclusion: 'failure',
      title: 'Could not read the definitions',
      summary: `switchyard could not read this commit through the GitHub API: ${(error as Error).message}. The last good set stays active; the next reconcile tries again.`,
      annotations: [],
    },
    log,
  );
}

function checkHint(error: unknown): string {
  const status = (error as { status?: number }).status;
  if (status === 403)
    return 'the GitHub App lacks the "Checks: write" permission (grant it in the app settings, then accept it on the installation)';
  return (error as Error).message;
}
