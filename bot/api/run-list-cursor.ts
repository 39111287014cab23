import type { RunRecord } from '../store/run-record.js';
import type { ListRunsFilter } from '../store/store.js';
import { invalidRequest } from './api-error.js';

/**
 * Port's `next` cursor of `GET /v1/actions/runs`: opaque to callers, it names the last run of
 * a page (creation time and id), so the next page starts after it even while runs are added.
 */
export function encodeRunCursor(run: RunRecord): string {
  return Buffer.from(JSON.stringify([Date.parse(run.createdAt), run.id]), 'utf8').toString(
    'base64url',
  );
}

/** The `next` query parameter as a store filter; 422 when it is not a cursor this API gave. */
export function decodeRunCursor(cursor: string): NonNullable<ListRunsFilter['after']> {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      Number.isSafeInteger(value[0]) &&
      typeof value[1] === 'string'
    ) {
      return { createdAtMs: value[0] as number, id: value[1] };
    }
  } catch {
    // Reported below.
  }
  throw invalidRequest(
    `next must be the "next" value of a previous GET /v1/actions/runs answer, not "${cursor}"`,
  );
}
