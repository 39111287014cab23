import { applyRunPatch } from './apply-run-patch.js';
import { insertRuns } from './insert-event.js';
import type { NewRun, RunChange, RunRecord } from './run-record.js';
import { insertRunLog, selectRunForUpdate, updateRunState } from './run-queries.js';
import { decodeRun, fromJsonText, isoTime, SELECT_RUNS } from './run-row.js';
import type { SqlDriver, SqlExecutor } from './sql-driver.js';
import type { EventReplay, RunLinks, RunStats } from './store.js';
import { StoreError } from './store-error.js';

/** Queues, in the caller's transaction, the run events of new runs (the chain outbox). */
export type QueueCreated = (tx: SqlExecutor, runs: readonly NewRun[], now: number) => Promise<void>;
/** Queues, in the caller's transaction, the run event of a run change. */
export type QueueUpdated = (tx: SqlExecutor, change: RunChange, now: number) => Promise<void>;

/** The run's chain parent (the run its RUN_* event is about), the runs it started, its re-runs. */
export async function runLinks(driver: SqlDriver, runId: string): Promise<RunLinks> {
  const [run] = await driver.all(
    `SELECT runs.id, events.subject_run_id FROM runs LEFT JOIN events ON events.id = runs.event_id
     WHERE runs.id = $1`,
    [runId],
  );
  if (run === undefined) throw new StoreError('not_found', `run ${runId} was not found`, runId);
  const children = await driver.all(
    `SELECT runs.id FROM events JOIN runs ON runs.event_id = events.id
     WHERE events.subject_run_id = $1 ORDER BY runs.created_at, runs.id LIMIT 1000`,
    [runId],
  );
  const reruns = await driver.all(
    'SELECT id FROM runs WHERE rerun_of = $1 ORDER BY created_at, id LIMIT 1000',
    [runId],
  );
  return {
    parent: run.subject_run_id === null ? null : String(run.subject_run_id),
    children: children.map((row) => String(row.id)),
    reruns: reruns.map((row) => String(row.id)),
  };
}

export async function recordRerun(
  driver: SqlDriver,
  originalId: string,
  run: NewRun,
  by: string,
  now: number,
  queueCreated: QueueCreated,
): Promise<RunRecord> {
  await driver.transaction(async (tx) => {
    const original = await selectRunForUpdate(tx, driver.dialect, originalId);
    await insertRuns(tx, [{ ...run, rerunOf: originalId }], original.eventId, now);
    await queueCreated(tx, [run], now);
    await insertRunLog(tx, run.id, `Re-run of ${originalId} by ${by}`, by, now);
    await insertRunLog(tx, originalId, `Re-run by ${by} as ${run.id}`, by, now);
  });
  const [row] = await driver.all(`${SELECT_RUNS} WHERE runs.id = $1`, [run.id]);
  return decodeRun(row!);
}

export async function cancelRun(
  driver: SqlDriver,
  runId: string,
  by: string,
  now: number,
  queueUpdated: QueueUpdated,
): Promise<RunChange> {
  return driver.transaction(async (tx) => {
    const before = await selectRunForUpdate(tx, driver.dialect, runId);
    if (before.endedAt !== null) {
      throw new StoreError('not_cancellable', `run ${runId} has ended (${before.status})`, runId);
    }
    // Waiting: never claimed, released for a retry, or claimed by a replica whose lease ran out.
    const removed = await tx.run(
      'DELETE FROM outbox WHERE run_id = $1 AND (claimed_by IS NULL OR available_at <= $2)',
      [runId, now],
    );
    if (removed === 0) {
      throw new StoreError(
        'not_cancellable',
        `run ${runId} is not waiting for a delivery: it is being delivered now, or was delivered and waits for its backend to report`,
        runId,
      );
    }
    const after = {
      ...applyRunPatch(before, { status: 'FAILURE', statusLabel: 'Cancelled', updatedBy: by }, now),
      nextAttemptAt: null,
    };
    await updateRunState(tx, after);
    await insertRunLog(tx, runId, `Cancelled by ${by}`, by, now);
    await queueUpdated(tx, { before, after }, now);
    return { before, after };
  });
}

export async function recordReplay(
  driver: SqlDriver,
  eventId: string,
  runs: readonly NewRun[],
  replay: { readonly by: string; readonly dryRun: boolean; readonly force: boolean },
  now: number,
  queueCreated: QueueCreated,
): Promise<{ runIds: string[]; skipped: string[] }> {
  return driver.transaction(async (tx) => {
    const [event] = await tx.all(
      `SELECT run_ids, replays FROM events WHERE id = $1${driver.dialect.lockRows}`,
      [eventId],
    );
    if (event === undefined) throw new StoreError('not_found', `no event with id ${eventId}`);
    const existing = await tx.all(
      'SELECT action_identifier, origin_repository FROM runs WHERE event_id = $1',
      [eventId],
    );
    const keyOf = (action: unknown, repository: unknown) =>
      `${String(repository ?? '')}:${String(action)}`;
    const taken = new Set(
      existing.map((row) => keyOf(row.action_identifier, row.origin_repository)),
    );
    const kept: NewRun[] = [];
    const skipped: string[] = [];
    for (const run of runs) {
      const key = keyOf(run.action.identifier, run.origin.repository ?? null);
      if (!replay.force && taken.has(key)) skipped.push(run.action.identifier);
      else kept.push(run);
    }
    const runIds = kept.map((run) => run.id);
    if (!replay.dryRun) {
      await insertRuns(tx, kept, eventId, now);
      await queueCreated(tx, kept, now);
    }
    const entry: EventReplay = {
      at: isoTime(now),
      by: replay.by,
      dryRun: replay.dryRun,
      force: replay.force,
      runIds: replay.dryRun ? [] : runIds,
    };
    const replays = [...((fromJsonText(event.replays) as EventReplay[] | null) ?? []), entry];
    const allRunIds = [...(fromJsonText(event.run_ids) as string[]), ...entry.runIds];
    await tx.run('UPDATE events SET replays = $2, run_ids = $3 WHERE id = $1', [
      eventId,
      JSON.stringify(replays.slice(-100)),
      JSON.stringify(allRunIds),
    ]);
    return { runIds: entry.runIds, skipped };
  });
}

export async function runStats(
  driver: SqlDriver,
  sinceMs: number,
  actions: readonly string[],
): Promise<RunStats[]> {
  const rows = await driver.all(
    `SELECT action_identifier, COUNT(*) AS runs,
       SUM(CASE WHEN ended_at IS NULL THEN 0 ELSE 1 END) AS ended,
       SUM(CASE WHEN status = 'SUCCESS' THEN 1 ELSE 0 END) AS succeeded
     FROM runs WHERE created_at >= $1 GROUP BY action_identifier`,
    [sinceMs],
  );
  const counts = new Map(rows.map((row) => [String(row.action_identifier), row]));
  const stats: RunStats[] = [];
  for (const action of new Set([...actions, ...counts.keys()])) {
    const [last] = await driver.all(
      `SELECT id, status, created_at FROM runs WHERE action_identifier = $1
       ORDER BY created_at DESC LIMIT 1`,
      [action],
    );
    const count = counts.get(action);
    stats.push({
      action,
      runs: Number(count?.runs ?? 0),
      ended: Number(count?.ended ?? 0),
      succeeded: Number(count?.succeeded ?? 0),
      lastRun:
        last === undefined
          ? null
          : {
              id: String(last.id),
              status: last.status as RunRecord['status'],
              createdAt: isoTime(last.created_at),
            },
    });
  }
  return stats;
}
