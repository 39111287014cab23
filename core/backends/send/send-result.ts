import type { RunStatus } from '../../runs/run-status.js';

/**
 * What one delivery attempt did. `retry` means a transient failure (network error,
 * 5xx, 429): the caller's outbox tries again later; `done` is final for this run.
 */
export type SendResult =
  | {
      readonly outcome: 'done';
      /** The run's status after this delivery: IN_PROGRESS when the backend reports later. */
      readonly status: Extract<RunStatus, 'IN_PROGRESS' | 'SUCCESS' | 'FAILURE'>;
      readonly httpStatus?: number;
      readonly response?: unknown;
      readonly link?: readonly string[];
      readonly externalRunId?: string;
      readonly summary?: string;
      readonly logs: readonly string[];
    }
  | {
      readonly outcome: 'retry';
      readonly error: string;
      readonly httpStatus?: number;
      /** The server's Retry-After, in milliseconds, when it sent one. */
      readonly retryAfterMs?: number;
      readonly logs: readonly string[];
    };

/** Whether an HTTP status is worth retrying. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/** Parses a Retry-After header (seconds or an HTTP date) into milliseconds. */
export function retryAfterMs(
  header: string | null | undefined,
  now = Date.now(),
): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
