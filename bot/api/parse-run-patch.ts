import type { RunPatch } from '../store/store.js';
import { invalidRequest } from './api-error.js';
import { bodyObject, optionalFinalStatus, optionalText } from './body-object.js';

const PATCH_KEYS = ['status', 'statusLabel', 'link', 'summary', 'externalRunId', 'message'];

export interface RunPatchRequest {
  /** The keys to replace (Port: each given key replaces its previous value). */
  readonly patch: RunPatch;
  /** Port's deprecated `message`: added as a run log. */
  readonly message?: string;
}

/** Checks a `PATCH /v1/actions/runs/{id}` body: Port's keys only, each of its type. */
export function parseRunPatch(body: unknown): RunPatchRequest {
  const object = bodyObject(body, PATCH_KEYS);
  const status = optionalFinalStatus(object, 'status');
  const statusLabel = optionalText(object, 'statusLabel', true);
  const summary = optionalText(object, 'summary', true);
  const externalRunId = optionalText(object, 'externalRunId', true);
  const message = optionalText(object, 'message', false) ?? undefined;
  const link = object.link;
  if (
    link !== undefined &&
    typeof link !== 'string' &&
    !(Array.isArray(link) && link.every((item) => typeof item === 'string'))
  ) {
    throw invalidRequest('link must be a string or an array of strings');
  }
  const patch: RunPatch = {
    ...(status === undefined ? {} : { status }),
    ...(statusLabel === undefined ? {} : { statusLabel }),
    ...(link === undefined ? {} : { link: [link as string | string[]].flat() }),
    ...(summary === undefined ? {} : { summary }),
    ...(externalRunId === undefined ? {} : { externalRunId }),
  };
  return message === undefined ? { patch } : { patch, message };
}
