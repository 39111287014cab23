import { type ChainEntry, chainEventId } from '../store/chain-entry.js';
import type { RunRecord } from '../store/run-record.js';
import { decodeRun, fromJsonText, SELECT_RUNS } from '../store/run-row.js';
import type { SqlDriver, SqlExecutor } from '../store/sql-driver.js';
import type { ClaimOptions } from '../store/store.js';
import { StoreError } from '../store/store-error.js';

/**
 * Queues the run event of a run change (RUN_UPDATED with `before`, RUN_CREATED without) inside
 * the caller's transaction. The same change queued twice stays one entry.
 */
export async function queueChain(
  tx: SqlExecutor,
  change: { readonly before: RunRecord | null; readonly after: RunRecord },
  now: number,
): Promise<void> {
  await tx.run(
    `INSERT INTO chain_outbox (id, run_id, run_before, run_after, available_at, claimed_by, attempts, created_at)
     VALUES ($1, $2, $3, $4, $5, NULL, 0, $5) ON CONFLICT (id) DO NOTHING`,
    [
      chainEventId(change.after, change.before),
      change.after.id,
      change.before === null ? null : JSON.stringify(change.before),
      JSON.stringify(change.after),
      now,
    ],
  );
}

/** Queues RUN_CREATED for runs just inserted in this transaction (read back as stored). */
export async function queueCreatedChains(
  tx: SqlExecutor,
  runIds: readonly string[],
  now: number,
): Promise<void> {
  for (const id of runIds) {
    const [row] = await tx.all(`${SELECT_RUNS} WHERE runs.id = $1`, [id]);
    if (row !== undefined) await queueChain(tx, { before: null, after: decodeRun(row) }, now);
  }
}

/**
 * Claims up to `limit` due chain entries for `owner` for `leaseMs`, in the order queued; an entry whose
 * owner died becomes due again when its lease ends (the same scheme as `claimDeliveries`).
 */
export async function claimChainEntries(
  driver: SqlDriver,
  options: ClaimOptions,
  clock: number,
): Promise<ChainEntry[]> {
  const { owner, limit, leaseMs } = options;
  if (!Number.isInteger(limit) || limit < 1) {
    throw new StoreError('invalid_request', 'claim limit must be a positive integer');
  }
  if (!(leaseMs > 0)) throw new StoreError('invalid_request', 'leaseMs must be positive');
  const now = options.now ?? clock;
  const rows = await driver.mutate(
    `WITH due AS (
       SELECT id FROM chain_outbox WHERE available_at <= $1
       ORDER BY available_at, seq LIMIT $2${driver.dialect.skipLocked}
     )
     UPDATE chain_outbox SET claimed_by = $3, available_at = $4, attempts = attempts + 1
     FROM due WHERE chain_outbox.id = due.id
     RETURNING chain_outbox.seq, chain_outbox.id, chain_outbox.run_before, chain_outbox.run_after,
       chain_outbox.attempts`,
    [now, limit, owner, now + leaseMs],
  );
  return rows
    .sort((a, b) => Number(a.seq) - Number(b.seq))
    .map((row) => ({
      id: String(row.id),
      before: (fromJsonText(row.run_before) ?? null) as RunRecord | null,
      after: fromJsonText(row.run_after) as RunRecord,
      attempt: Number(row.attempts),
    }));
}

/** Removes a chain entry once its event is stored; false when `owner` no longer holds it. */
export async function completeChainEntry(
  driver: SqlExecutor,
  id: string,
  owner: string,
): Promise<boolean> {
  return (
    (await driver.run('DELETE FROM chain_outbox WHERE id = $1 AND claimed_by = $2', [id, owner])) >
    0
  );
}
