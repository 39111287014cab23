import type { RunRecord } from './run-record.js';

/**
 * Whether a change shows on the run as Port shows it (status, label, links, summary, external
 * id): what makes a delivery result a RUN_UPDATED. Logs alone, or a response, do not.
 */
export function runVisiblyChanged(before: RunRecord, after: RunRecord): boolean {
  const visible = (r: RunRecord) =>
    JSON.stringify([r.status, r.statusLabel, r.link, r.summary, r.externalRunId]);
  return visible(before) !== visible(after);
}
