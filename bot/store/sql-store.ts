import { newId } from '../../core/runs/new-run-id.js';
import {
  applyRunPatch,
  applyRunResult,
  assertRunOpen,
  validateRunLog,
  validateRunPatch,
} from './apply-run-patch.js';
import type {
  DefinitionSetRecord,
  DefinitionSetRevision,
  NewDefinitionSync,
} from './definition-set.js';
import {
  deleteDefinitionSets,
  listDefinitionSetRevisions,
  listDefinitionSets,
  saveDefinitionSet,
} from './definition-set-queries.js';
import { insertEvent, validateEvent } from './insert-event.js';
import { insertEventInOneStatement } from './insert-event-in-one-statement.js';
import { listRunsQuery } from './list-runs-query.js';
import { migrate } from './migrate.js';
import { SqlEntityCatalog } from './sql-entity-catalog.js';
import type { EntityCatalog } from './entity-catalog.js';
import { claimDeliveries, completeDelivery, retryDelivery } from '../outbox/outbox-queries.js';
import { decodePoisonMessage, POISON_COLUMNS } from './poison-row.js';
import type { NewRun, RunChange, RunRecord } from './run-record.js';
import { cancelDelivery, insertRunLog, selectRunForUpdate, updateRunState } from './run-queries.js';
import { decodeRun, isoTime, SELECT_RUNS, text } from './run-row.js';
import { listDeliveryAttempts, recordDeliveryAttempt } from './delivery-attempt-queries.js';
import { decodeEventSummary, decodeStoredEvent, listEventsQuery } from './event-list-query.js';
import { cancelRun, recordReplay, recordRerun, runLinks, runStats } from './run-link-queries.js';
import type { SqlDriver } from './sql-driver.js';
import type {
  AddedRunLog,
  ClaimedDelivery,
  ClaimOptions,
  DeliveryAttempt,
  EventSummary,
  ListEventsFilter,
  NewDeliveryAttempt,
  RunLinks,
  RunStats,
  IncomingEvent,
  ListRunsFilter,
  NewPoisonMessage,
  NewRunLog,
  Page,
  PoisonMessage,
  RecordEventResult,
  RetryOptions,
  RunLog,
  RunPatch,
  RunResult,
  RunResultChange,
  Store,
  StoredEvent,
} from './store.js';
import { StoreError } from './store-error.js';
import { SqlTimerStore } from './sql-timer-store.js';
import type { TimerStore } from './timer-store.js';

export interface SqlStoreOptions {
  /** Epoch ms; tests pass a fixed clock. */
  readonly now?: () => number;
}

/** The one query layer: `Store` over any `SqlDriver`; dialect differences live in the driver. */
export class SqlStore implements Store {
  readonly dialect: 'sqlite' | 'postgres';
  readonly timers: TimerStore;
  readonly entities: EntityCatalog;
  private readonly now: () => number;

  constructor(
    private readonly driver: SqlDriver,
    options: SqlStoreOptions = {},
  ) {
    this.dialect = driver.dialect.name;
    this.now = options.now ?? Date.now;
    this.timers = new SqlTimerStore(driver, this.now);
    this.entities = new SqlEntityCatalog(driver, () => this.now());
  }

  migrate(): Promise<{ applied: number[] }> {
    return migrate(this.driver, this.now());
  }

  async recordEvent(event: IncomingEvent, runs: readonly NewRun[]): Promise<RecordEventResult> {
    validateEvent(event, runs);
    if (this.driver.dialect.name === 'postgres') {
      return insertEventInOneStatement(this.driver, event, runs, this.now());
    }
    return this.driver.transaction((tx) => insertEvent(tx, event, runs, this.now()));
  }

  async getEvent(id: string): Promise<StoredEvent | null> {
    const [row] = await this.driver.all('SELECT * FROM events WHERE id = $1', [id]);
    return row === undefined ? null : decodeStoredEvent(row);
  }

  async listEvents(filter: ListEventsFilter = {}): Promise<EventSummary[]> {
    const { sql, params } = listEventsQuery(filter);
    return (await this.driver.all(sql, params)).map(decodeEventSummary);
  }

  recordDeliveryAttempt(runId: string, attempt: NewDeliveryAttempt): Promise<void> {
    return recordDeliveryAttempt(this.driver, runId, attempt);
  }

  listDeliveryAttempts(runId: string): Promise<DeliveryAttempt[]> {
    return listDeliveryAttempts(this.driver, runId);
  }

  runLinks(runId: string): Promise<RunLinks> {
    return runLinks(this.driver, runId);
  }

  recordRerun(originalId: string, run: NewRun, by: string): Promise<RunRecord> {
    return recordRerun(this.driver, originalId, run, by, this.now());
  }

  cancelRun(runId: string, by: string): Promise<RunChange> {
    return cancelRun(this.driver, runId, by, this.now());
  }

  recordReplay(
    eventId: string,
    runs: readonly NewRun[],
    replay: { readonly by: string; readonly dryRun: boolean; readonly force: boolean },
  ): Promise<{ runIds: string[]; skipped: string[] }> {
    return recordReplay(this.driver, eventId, runs, replay, this.now());
  }

  runStats(sinceMs: number, actions: readonly string[]): Promise<RunStats[]> {
    return runStats(this.driver, sinceMs, actions);
  }

  async getRun(id: string): Promise<RunRecord | null> {
    const [row] = await this.driver.all(`${SELECT_RUNS} WHERE runs.id = $1`, [id]);
    return row === undefined ? null : decodeRun(row);
  }

  async listRuns(filter: ListRunsFilter = {}): Promise<RunRecord[]> {
    const { sql, params } = listRunsQuery(filter);
    return (await this.driver.all(sql, params)).map(decodeRun);
  }

  async patchRun(id: string, patch: RunPatch): Promise<RunChange> {
    validateRunPatch(patch, id);
    return this.driver.transaction(async (tx) => {
      const before = await selectRunForUpdate(tx, this.driver.dialect, id);
      assertRunOpen(before);
      const after = applyRunPatch(before, patch, this.now());
      await updateRunState(tx, after);
      if (after.endedAt !== null) await cancelDelivery(tx, id);
      return { before, after };
    });
  }

  async addRunLog(runId: string, log: NewRunLog): Promise<AddedRunLog> {
    validateRunLog(log, runId);
    return this.driver.transaction(async (tx) => {
      const before = await selectRunForUpdate(tx, this.driver.dialect, runId);
      assertRunOpen(before);
      const now = this.now();
      const runLog = await insertRunLog(tx, runId, log.message, log.createdBy ?? null, now);
      if (log.terminationStatus === undefined && log.statusLabel === undefined) {
        return { log: runLog, change: null };
      }
      const after = applyRunPatch(
        before,
        { status: log.terminationStatus, statusLabel: log.statusLabel, updatedBy: log.createdBy },
        now,
      );
      await updateRunState(tx, after);
      if (after.endedAt !== null) await cancelDelivery(tx, runId);
      return { log: runLog, change: { before, after } };
    });
  }

  async listRunLogs(runId: string, page: Page = {}): Promise<RunLog[]> {
    const { limit, offset } = checkPage(page, 50);
    const rows = await this.driver.all(
      'SELECT * FROM run_logs WHERE run_id = $1 ORDER BY seq LIMIT $2 OFFSET $3',
      [runId, limit, offset],
    );
    return rows.map((row) => ({
      id: String(row.id),
      runId: String(row.run_id),
      message: String(row.message),
      createdBy: text(row.created_by),
      createdAt: isoTime(row.created_at),
    }));
  }

  async setRunResult(runId: string, result: RunResult): Promise<RunResultChange> {
    return this.driver.transaction(async (tx) => {
      const before = await selectRunForUpdate(tx, this.driver.dialect, runId);
      const now = this.now();
      const applied = before.endedAt === null;
      const after = applied ? applyRunResult(before, result, now) : before;
      if (applied) await updateRunState(tx, after);
      for (const message of result.logs ?? []) {
        await insertRunLog(tx, runId, message, null, now);
      }
      let completed = false;
      if (result.completeDeliveryOf !== undefined) {
        completed = await completeDelivery(tx, runId, result.completeDeliveryOf);
      } else if (after.endedAt !== null) {
        await cancelDelivery(tx, runId);
      }
      return { before, after, applied, completed };
    });
  }

  claimDeliveries(options: ClaimOptions): Promise<ClaimedDelivery[]> {
    return claimDeliveries(this.driver, options, this.now());
  }

  completeDelivery(runId: string, owner: string): Promise<boolean> {
    return completeDelivery(this.driver, runId, owner);
  }

  retryDelivery(runId: string, owner: string, options: RetryOptions): Promise<boolean> {
    return this.driver.transaction(async (tx) => {
      const released = await retryDelivery(tx, runId, owner, options);
      if (released && options.logMessage !== undefined) {
        await insertRunLog(tx, runId, options.logMessage, null, this.now());
      }
      return released;
    });
  }

  async recordPoisonMessage(message: NewPoisonMessage): Promise<PoisonMessage> {
    const id = newId('pm_');
    const values = [
      id,
      message.source,
      message.reason,
      message.raw,
      message.topic ?? null,
      message.partition ?? null,
      message.offset ?? null,
      message.key ?? null,
      message.receivedAt ?? this.now(),
    ];
    const marks = POISON_COLUMNS.map((_, i) => `$${i + 1}`).join(', ');
    await this.driver.run(
      `INSERT INTO poison_messages (${POISON_COLUMNS.join(', ')}) VALUES (${marks})`,
      values,
    );
    return decodePoisonMessage(Object.fromEntries(POISON_COLUMNS.map((c, i) => [c, values[i]])));
  }

  async listPoisonMessages(page: Page = {}): Promise<PoisonMessage[]> {
    const { limit, offset } = checkPage(page, 1000);
    const rows = await this.driver.all(
      'SELECT * FROM poison_messages ORDER BY seq DESC LIMIT $1 OFFSET $2',
      [limit, offset],
    );
    return rows.map(decodePoisonMessage);
  }

  saveDefinitionSet(sync: NewDefinitionSync): Promise<DefinitionSetRecord> {
    return saveDefinitionSet(this.driver, sync, this.now());
  }

  listDefinitionSets(repositories?: readonly string[]): Promise<DefinitionSetRecord[]> {
    return listDefinitionSets(this.driver, repositories);
  }

  listDefinitionSetRevisions(): Promise<DefinitionSetRevision[]> {
    return listDefinitionSetRevisions(this.driver);
  }

  deleteDefinitionSets(filter: {
    readonly repository?: string;
    readonly installationId?: number;
  }): Promise<string[]> {
    return deleteDefinitionSets(this.driver, filter);
  }

  close(): Promise<void> {
    return this.driver.close();
  }
}

function checkPage(page: Page, maxLimit: number): { limit: number; offset: number } {
  const limit = page.limit ?? maxLimit;
  const offset = page.offset ?? 0;
  if (!Number.isInteger(limit) || limit < 1 || limit > maxLimit) {
    throw new StoreError('invalid_request', `limit must be an integer from 1 to ${maxLimit}`);
  }
  if (!Number.isInteger(offset) || offset < 0) {
    throw new StoreError('invalid_request', 'offset must be a non-negative integer');
  }
  return { limit, offset };
}
