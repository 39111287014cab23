import { newId } from '../../core/runs/new-run-id.js';
import { timerIdOf, type TimerKey } from '../../core/timers/timer-event-id.js';
import { insertEvent, validateEvent } from './insert-event.js';
import { insertFiredTimers } from './insert-fired-timers.js';
import { queueCreatedChains } from '../outbox/chain-queries.js';
import type { ChainFilter } from './chain-entry.js';
import { SecretMasker } from './secret-masker.js';
import type { NewRun } from './run-record.js';
import { fromJsonText, text } from './run-row.js';
import type { SqlDriver, SqlRow } from './sql-driver.js';
import type { IncomingEvent, RecordEventResult } from './store.js';
import { StoreError } from './store-error.js';
import type {
  ClaimedTimer,
  ClaimTimersOptions,
  ListTimersFilter,
  NewTimer,
  TimerRecord,
  TimerStore,
} from './timer-store.js';

const COLUMNS = [
  'id',
  'blueprint',
  'entity',
  'property',
  'due_at',
  'value',
  'entity_snapshot',
  'scheduled_by',
  'source_event_id',
  'available_at',
  'claimed_by',
  'attempts',
  'last_error',
  'created_at',
  'updated_at',
] as const;
const SELECT = COLUMNS.map((c) => `timers.${c}`).join(', ');
// 15 parameters a row: well under SQLite's 32,766 and PostgreSQL's 65,535 per statement.
const ROWS_PER_STATEMENT = 500;

// A timer whose instant stays keeps its claim and retry state; a moved one starts over.
const SCHEDULE_CONFLICT = `ON CONFLICT (id) DO UPDATE SET
  value = excluded.value,
  entity_snapshot = excluded.entity_snapshot,
  scheduled_by = excluded.scheduled_by,
  source_event_id = excluded.source_event_id,
  updated_at = excluded.updated_at,
  available_at = CASE WHEN timers.due_at = excluded.due_at THEN timers.available_at ELSE excluded.available_at END,
  claimed_by = CASE WHEN timers.due_at = excluded.due_at THEN timers.claimed_by ELSE NULL END,
  attempts = CASE WHEN timers.due_at = excluded.due_at THEN timers.attempts ELSE 0 END,
  last_error = CASE WHEN timers.due_at = excluded.due_at THEN timers.last_error ELSE NULL END,
  due_at = excluded.due_at`;

/** `TimerStore` over the shared SQL layer (SQLite and PostgreSQL). */
export class SqlTimerStore implements TimerStore {
  constructor(
    private readonly driver: SqlDriver,
    private readonly now: () => number,
    private readonly chains: ChainFilter = () => false,
    private readonly masker: SecretMasker = new SecretMasker(),
  ) {}

  async schedule(timers: readonly NewTimer[], now: number): Promise<void> {
    // One row per timer id: PostgreSQL refuses to upsert one row twice in a statement.
    const byId = new Map<string, NewTimer>();
    for (const timer of timers) {
      checkTimer(timer);
      byId.set(timerIdOf(timer.key), timer);
    }
    const rows = [...byId];
    for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
      const chunk = rows.slice(start, start + ROWS_PER_STATEMENT);
      const params: unknown[] = [];
      const values = chunk.map(([id, timer]) => {
        const base = params.length;
        params.push(
          id,
          timer.key.blueprint,
          timer.key.entity,
          timer.key.property,
          timer.dueAt,
          timer.value,
          JSON.stringify(timer.entity ?? null),
          timer.scheduledBy === undefined ? null : JSON.stringify(timer.scheduledBy),
          timer.sourceEventId ?? null,
          timer.dueAt,
          null,
          0,
          null,
          now,
          now,
        );
        return `(${COLUMNS.map((_, i) => `$${base + i + 1}`).join(', ')})`;
      });
      await this.driver.run(
        `INSERT INTO timers (${COLUMNS.join(', ')}) VALUES ${values.join(', ')} ${SCHEDULE_CONFLICT}`,
        params,
      );
    }
  }

  async cancel(key: TimerKey, options: { readonly dueAt?: number } = {}): Promise<boolean> {
    const id = timerIdOf(key);
    const changed =
      options.dueAt === undefined
        ? await this.driver.run('DELETE FROM timers WHERE id = $1', [id])
        : await this.driver.run('DELETE FROM timers WHERE id = $1 AND due_at = $2', [
            id,
            options.dueAt,
          ]);
    return changed > 0;
  }

  cancelEntity(blueprint: string, entity: string): Promise<number> {
    return this.driver.run('DELETE FROM timers WHERE blueprint = $1 AND entity = $2', [
      blueprint,
      entity,
    ]);
  }

  async claimDue(options: ClaimTimersOptions): Promise<ClaimedTimer[]> {
    const { owner, limit, leaseMs, now } = options;
    if (!Number.isInteger(limit) || limit < 1) {
      throw new StoreError('invalid_request', 'claim limit must be a positive integer');
    }
    if (!(leaseMs > 0)) throw new StoreError('invalid_request', 'leaseMs must be positive');
    // A claim of its own per call, so completing it cannot remove a later claim of the timer.
    const claim = `${owner}#${newId('')}`;
    const rows = await this.driver.mutate(
      `WITH due AS (
         SELECT id FROM timers WHERE available_at <= $1
         ORDER BY available_at, id LIMIT $2${this.driver.dialect.skipLocked}
       )
       UPDATE timers SET claimed_by = $3, available_at = $4, attempts = attempts + 1
       FROM due WHERE timers.id = due.id
       RETURNING ${SELECT}`,
      [now, limit, claim, now + leaseMs],
    );
    return rows
      .map((row) => ({ ...decodeTimer(row), claim }))
      .sort((a, b) => a.dueAt - b.dueAt || a.id.localeCompare(b.id));
  }

  async recordFired(
    claim: string,
    given: readonly {
      readonly timerId: string;
      readonly event: IncomingEvent;
      readonly runs: readonly NewRun[];
    }[],
  ): Promise<RecordEventResult[]> {
    for (const item of given) validateEvent(item.event, item.runs);
    if (given.length === 0) return [];
    const fired = given.map((item) => ({
      ...item,
      runs: item.runs.map((run) => this.masker.newRun(run)),
    }));
    // RUN_CREATED of the new runs whose action has listeners, queued in the same transaction.
    const chained = (runs: readonly NewRun[]) =>
      runs.filter((run) => this.chains(run.action.identifier, 'CREATE')).map((run) => run.id);
    const anyChained = fired.some((item) => chained(item.runs).length > 0);
    if (this.driver.dialect.name === 'postgres') {
      if (!anyChained) return insertFiredTimers(this.driver, claim, fired, this.now());
      return this.driver.transaction(async (tx) => {
        const now = this.now();
        const results = await insertFiredTimers(tx, claim, fired, now);
        for (const [i, item] of fired.entries())
          if (results[i]!.created) await queueCreatedChains(tx, chained(item.runs), now);
        return results;
      });
    }
    return this.driver.transaction(async (tx) => {
      const now = this.now();
      const results: RecordEventResult[] = [];
      for (const item of fired) {
        const result = await insertEvent(tx, item.event, item.runs, now);
        if (result.created) await queueCreatedChains(tx, chained(item.runs), now);
        results.push(result);
      }
      const ids = fired.map((item) => item.timerId);
      for (let start = 0; start < ids.length; start += 1000) {
        const chunk = ids.slice(start, start + 1000);
        const marks = chunk.map((_, i) => `$${i + 2}`).join(', ');
        await tx.run(`DELETE FROM timers WHERE claimed_by = $1 AND id IN (${marks})`, [
          claim,
          ...chunk,
        ]);
      }
      return results;
    });
  }

  async complete(claim: string, ids: readonly string[]): Promise<number> {
    let removed = 0;
    for (let start = 0; start < ids.length; start += 1000) {
      const chunk = ids.slice(start, start + 1000);
      const marks = chunk.map((_, i) => `$${i + 2}`).join(', ');
      removed += await this.driver.run(
        `DELETE FROM timers WHERE claimed_by = $1 AND id IN (${marks})`,
        [claim, ...chunk],
      );
    }
    return removed;
  }

  async release(
    claim: string,
    id: string,
    options: { readonly availableAt: number; readonly error: string },
  ): Promise<boolean> {
    const changed = await this.driver.run(
      `UPDATE timers SET claimed_by = NULL, available_at = $3, last_error = $4
       WHERE id = $1 AND claimed_by = $2`,
      [id, claim, options.availableAt, options.error],
    );
    return changed > 0;
  }

  async nextAvailableAt(): Promise<number | null> {
    const [row] = await this.driver.all('SELECT MIN(available_at) AS next FROM timers');
    return row?.next === null || row?.next === undefined ? null : Number(row.next);
  }

  async list(filter: ListTimersFilter = {}): Promise<TimerRecord[]> {
    const limit = filter.limit ?? 100;
    const offset = filter.offset ?? 0;
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
      throw new StoreError('invalid_request', 'limit must be an integer from 1 to 1000');
    }
    if (!Number.isInteger(offset) || offset < 0) {
      throw new StoreError('invalid_request', 'offset must be a non-negative integer');
    }
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.blueprint !== undefined) add('blueprint = ?', filter.blueprint);
    if (filter.entity !== undefined) add('entity = ?', filter.entity);
    if (filter.property !== undefined) add('property = ?', filter.property);
    if (filter.dueAfter !== undefined) add('due_at >= ?', filter.dueAfter);
    if (filter.dueBefore !== undefined) add('due_at < ?', filter.dueBefore);
    params.push(limit, offset);
    const rows = await this.driver.all(
      `SELECT ${SELECT} FROM timers${where.length ? ` WHERE ${where.join(' AND ')}` : ''}
       ORDER BY due_at, id LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    return rows.map(decodeTimer);
  }

  async get(key: TimerKey): Promise<TimerRecord | null> {
    const [row] = await this.driver.all(`SELECT ${SELECT} FROM timers WHERE id = $1`, [
      timerIdOf(key),
    ]);
    return row === undefined ? null : decodeTimer(row);
  }
}

function checkTimer(timer: NewTimer): void {
  const { blueprint, entity, property } = timer.key;
  for (const [name, value] of Object.entries({ blueprint, entity, property })) {
    if (typeof value !== 'string' || value === '') {
      throw new StoreError('invalid_request', `a timer needs a non-empty ${name}`);
    }
  }
  if (!Number.isSafeInteger(timer.dueAt)) {
    throw new StoreError(
      'invalid_request',
      `timer ${property} of ${entity}: dueAt must be epoch ms`,
    );
  }
}

function decodeTimer(row: SqlRow): TimerRecord {
  return {
    id: String(row.id),
    key: {
      blueprint: String(row.blueprint),
      entity: String(row.entity),
      property: String(row.property),
    },
    dueAt: Number(row.due_at),
    value: String(row.value),
    entity: fromJsonText(row.entity_snapshot),
    scheduledBy: row.scheduled_by === null ? null : fromJsonText(row.scheduled_by),
    sourceEventId: text(row.source_event_id),
    claimedBy: text(row.claimed_by),
    availableAt: Number(row.available_at),
    attempts: Number(row.attempts),
    lastError: text(row.last_error),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}
