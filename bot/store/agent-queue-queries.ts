import { decodeRun } from './run-row.js';
import type { SqlDriver, SqlExecutor } from './sql-driver.js';
import type { AgentClaimOptions, ClaimedAgentRun } from './store.js';
import { StoreError } from './store-error.js';
import { insertRunLog } from './run-queries.js';

/**
 * Moves a run whose outbox entry `owner` holds to the agent queue, in the caller's
 * transaction: the deliverer never sends it; an execution agent claims it. False when `owner`
 * lost its claim (another replica moves it).
 */
export async function moveToAgentQueue(
  tx: SqlExecutor,
  runId: string,
  owner: string,
  now: number,
  logMessage: string,
): Promise<boolean> {
  const removed = await tx.run('DELETE FROM outbox WHERE run_id = $1 AND claimed_by = $2', [
    runId,
    owner,
  ]);
  if (removed === 0) return false;
  await tx.run(
    `INSERT INTO agent_queue (run_id, available_at, claimed_by, claims, created_at)
     VALUES ($1, $2, NULL, 0, $2) ON CONFLICT (run_id) DO NOTHING`,
    [runId, now],
  );
  await insertRunLog(tx, runId, logMessage, null, now);
  return true;
}

/**
 * Claims up to `limit` queued runs (oldest first) for `claimant` until `now + leaseMs`; a run
 * claimed and not acknowledged in that time is claimable again. `SKIP LOCKED` on PostgreSQL lets
 * agents claim concurrently, each run going to one of them.
 */
export async function claimAgentRuns(
  driver: SqlDriver,
  options: AgentClaimOptions,
  clock: number,
): Promise<ClaimedAgentRun[]> {
  const { claimant, limit, leaseMs } = options;
  if (!Number.isInteger(limit) || limit < 1) {
    throw new StoreError('invalid_request', 'claim limit must be a positive integer');
  }
  if (!(leaseMs > 0)) throw new StoreError('invalid_request', 'leaseMs must be positive');
  const now = options.now ?? clock;
  const claimedUntil = now + leaseMs;
  const claimed = await driver.mutate(
    `WITH due AS (
       SELECT run_id FROM agent_queue WHERE available_at <= $1
       ORDER BY available_at, run_id LIMIT $2${driver.dialect.skipLocked}
     )
     UPDATE agent_queue SET claimed_by = $3, available_at = $4, claims = claims + 1
     FROM due WHERE agent_queue.run_id = due.run_id
     RETURNING agent_queue.run_id, agent_queue.claims`,
    [now, limit, claimant, claimedUntil],
  );
  if (claimed.length === 0) return [];
  const marks = claimed.map((_, i) => `$${i + 1}`).join(', ');
  const runs = await driver.all(
    `SELECT * FROM runs WHERE id IN (${marks}) ORDER BY created_at, id`,
    claimed.map((row) => row.run_id),
  );
  const claims = new Map(claimed.map((row) => [String(row.run_id), Number(row.claims)]));
  return runs.map((row) => ({
    run: decodeRun(row),
    claimedUntil,
    claims: claims.get(String(row.id))!,
  }));
}

/**
 * Acknowledges claimed runs: they leave the queue (the agent executes them now). Runs not in
 * the queue, or in it but never claimed, are not acknowledged. Returns the acknowledged ids.
 */
export async function ackAgentRuns(
  tx: SqlExecutor,
  runIds: readonly string[],
  now: number,
  logMessage: string,
): Promise<string[]> {
  if (runIds.length === 0) return [];
  const unique = [...new Set(runIds)];
  const marks = unique.map((_, i) => `$${i + 1}`).join(', ');
  const rows = await tx.all(
    `DELETE FROM agent_queue WHERE run_id IN (${marks}) AND claimed_by IS NOT NULL RETURNING run_id`,
    unique,
  );
  const acked = rows.map((row) => String(row.run_id)).sort();
  for (const runId of acked) await insertRunLog(tx, runId, logMessage, null, now);
  return acked;
}
