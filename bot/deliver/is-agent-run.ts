import type { RunRecord } from '../store/run-record.js';

/** The run log line of a run handed to the agent queue instead of being sent. */
export const AGENT_QUEUED_LOG =
  'Waiting for an execution agent (WEBHOOK with agent: true): port-agent claims it with POST /v1/actions/runs/claim-pending';

/**
 * A WEBHOOK run whose rendered `agent` flag is true: Port's execution agent sends it, not
 * switchyard's deliverer (docs/api.md, "Agent API").
 */
export function isAgentRun(run: Pick<RunRecord, 'backendType' | 'payload'>): boolean {
  const payload = run.payload as { type?: unknown; agent?: unknown } | null;
  return run.backendType === 'WEBHOOK' && payload?.type === 'WEBHOOK' && payload.agent === true;
}
