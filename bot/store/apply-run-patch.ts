import type { RunStatus } from '../../core/runs/run-status.js';
import { isTerminal } from '../../core/runs/run-status.js';
import type { RunRecord } from './run-record.js';
import type { NewRunLog, RunPatch, RunResult } from './store.js';
import { StoreError } from './store-error.js';

const PATCH_KEYS = new Set([
  'status',
  'statusLabel',
  'link',
  'summary',
  'externalRunId',
  'updatedBy',
]);
const API_STATUSES: readonly unknown[] = ['SUCCESS', 'FAILURE'];

/** Refuses a change to a run that has ended (Port: `run_exhausted`). */
export function assertRunOpen(run: RunRecord): void {
  if (isTerminal(run.status)) {
    throw new StoreError(
      'run_exhausted',
      `run ${run.id} has ended with status ${run.status} and can no longer be changed`,
      run.id,
    );
  }
}

/** Checks a run API patch: only Port's keys, each of the right type. */
export function validateRunPatch(patch: RunPatch, runId: string): void {
  const refuse = (message: string): never => {
    throw new StoreError('invalid_request', message, runId);
  };
  for (const key of Object.keys(patch)) {
    if (!PATCH_KEYS.has(key)) refuse(`unknown key "${key}" in run patch`);
  }
  if (patch.status !== undefined && !API_STATUSES.includes(patch.status)) {
    refuse('status must be SUCCESS or FAILURE');
  }
  for (const key of ['statusLabel', 'summary', 'externalRunId', 'updatedBy'] as const) {
    const value = patch[key];
    if (value !== undefined && value !== null && typeof value !== 'string') {
      refuse(`${key} must be a string or null`);
    }
  }
  const link: unknown = patch.link;
  if (
    link !== undefined &&
    typeof link !== 'string' &&
    !(Array.isArray(link) && link.every((item) => typeof item === 'string'))
  ) {
    refuse('link must be a string or an array of strings');
  }
}

export function validateRunLog(log: NewRunLog, runId: string): void {
  if (typeof log.message !== 'string') {
    throw new StoreError('invalid_request', 'message must be a string', runId);
  }
  if (log.terminationStatus !== undefined && !API_STATUSES.includes(log.terminationStatus)) {
    throw new StoreError('invalid_request', 'terminationStatus must be SUCCESS or FAILURE', runId);
  }
}

/** The run after a patch: every given key replaces its value; a final status ends the run. */
export function applyRunPatch(before: RunRecord, patch: RunPatch, now: number): RunRecord {
  const link = patch.link === undefined ? before.link : [patch.link].flat();
  return withStatus(
    {
      ...before,
      statusLabel: patch.statusLabel === undefined ? before.statusLabel : patch.statusLabel,
      link,
      summary: patch.summary === undefined ? before.summary : patch.summary,
      externalRunId: patch.externalRunId === undefined ? before.externalRunId : patch.externalRunId,
      updatedBy: patch.updatedBy === undefined ? before.updatedBy : patch.updatedBy,
      updatedAt: new Date(now).toISOString(),
    },
    patch.status,
    now,
  );
}

/** The run after a dispatcher result (the caller checks the run is still open). */
export function applyRunResult(before: RunRecord, result: RunResult, now: number): RunRecord {
  return withStatus(
    {
      ...before,
      statusLabel: result.statusLabel === undefined ? before.statusLabel : result.statusLabel,
      link: result.link === undefined ? before.link : [...result.link],
      summary: result.summary === undefined ? before.summary : result.summary,
      externalRunId:
        result.externalRunId === undefined ? before.externalRunId : result.externalRunId,
      response: result.response === undefined ? before.response : result.response,
      updatedAt: new Date(now).toISOString(),
    },
    result.status,
    now,
  );
}

function withStatus(run: RunRecord, status: RunStatus | undefined, now: number): RunRecord {
  if (status === undefined) return run;
  return { ...run, status, endedAt: isTerminal(status) ? new Date(now).toISOString() : null };
}
