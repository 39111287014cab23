import { newId, newRunId } from '../../../core/runs/new-run-id.js';
import { chainFilterOf } from '../../../bot/store/chain-entry.js';
import type { ChainFilter, RunListeners } from '../../../bot/store/chain-entry.js';
import type { NewRun } from '../../../bot/store/run-record.js';
import type { IncomingEvent, NewDeliveryAttempt, Store } from '../../../bot/store/store.js';

/** A test database: every `open` is another process on it (a replica, or a restart). */
export interface TestDatabase {
  open(options?: {
    now?: () => number;
    migrate?: boolean;
    listeners?: RunListeners;
    /** Secret values the store masks in what it writes about runs. */
    secrets?: readonly string[];
  }): Promise<Store>;
  /** Runs raw SQL on the database, beside the stores (to inspect tables or plant rows). */
  sql(statement: string): Promise<Record<string, unknown>[]>;
}

/** Number of rows in a table. */
export async function countRows(db: TestDatabase, table: string): Promise<number> {
  const [row] = await db.sql(`SELECT COUNT(*) AS n FROM ${table}`);
  return Number(row?.n);
}

export interface StoreHarness {
  readonly dialect: 'sqlite' | 'postgres';
  /** A new, empty database (SQLite: a new file; PostgreSQL: a new schema). */
  createDatabase(): Promise<TestDatabase>;
  /** Closes every store opened so far (after each test: keeps connections few). */
  closeStores(): Promise<void>;
  /** Closes what is still open and removes every database created. */
  dispose(): Promise<void>;
}

const sharedClocks = new WeakMap<() => number, Float64Array>();

/**
 * A clock tests move by hand. Its time is in shared memory, so a store in another thread (the
 * SQLite writer thread) reads the same clock: `TestClock.sharedOf(clock.now)`.
 */
export class TestClock {
  private readonly time = new Float64Array(new SharedArrayBuffer(8));
  readonly now = (): number => this.time[0]!;

  constructor(ms = Date.UTC(2025, 0, 1, 12)) {
    this.time[0] = ms;
    sharedClocks.set(this.now, this.time);
  }

  get ms(): number {
    return this.time[0]!;
  }

  set ms(ms: number) {
    this.time[0] = ms;
  }

  advance(ms: number): void {
    this.time[0] = this.ms + ms;
  }

  /** The shared time behind a TestClock's `now`; undefined for any other function. */
  static sharedOf(now: () => number): Float64Array | undefined {
    return sharedClocks.get(now);
  }
}

export function aRun(overrides: Partial<NewRun> = {}): NewRun {
  return {
    id: newRunId(),
    action: { identifier: 'notify_slack', title: 'Notify Slack' },
    source: 'AUTOMATION',
    properties: {},
    blueprint: { identifier: 'service', title: 'Service' },
    entity: { identifier: 'svc-a', title: 'Service A' },
    payload: {
      type: 'WEBHOOK',
      url: 'https://hooks.example.com/notify',
      method: 'POST',
      headers: { Authorization: 'Bearer ***' },
      body: { entity: 'svc-a' },
    },
    delivery: {
      kind: 'render-at-delivery',
      invocationMethod: {
        type: 'WEBHOOK',
        url: 'https://hooks.example.com/notify',
        headers: { Authorization: 'Bearer {{ .secrets.HOOK_TOKEN }}' },
        body: { entity: '{{ .event.context.entityIdentifier }}' },
      },
      triggerData: { event: { context: { entityIdentifier: 'svc-a' } } },
      secretNames: ['HOOK_TOKEN'],
    },
    backendType: 'WEBHOOK',
    origin: { repository: 'acme/automations', file: 'automations/notify.json', commit: 'abc123' },
    chainDepth: 0,
    createdBy: 'user_ada',
    createdByEmail: 'ada@example.com',
    ...overrides,
  };
}

/** A delivery attempt answered 200 (the first, unless `overrides` say otherwise). */
export function anAttempt(overrides: Partial<NewDeliveryAttempt> = {}): NewDeliveryAttempt {
  return {
    n: 1,
    startedAt: 0,
    durationMs: 5,
    statusCode: 200,
    error: null,
    responseExcerpt: null,
    nextAttemptAt: null,
    ...overrides,
  };
}

export function anEvent(overrides: Partial<IncomingEvent> = {}): IncomingEvent {
  return {
    id: newId('event_'),
    source: 'http',
    body: {
      action: 'UPDATE',
      resourceType: 'entity',
      context: { blueprintIdentifier: 'service', entityIdentifier: 'svc-a' },
    },
    ...overrides,
  };
}

/** Makes `close` safe to call twice, so tests can close and the harness can clean up. */
export function closeOnce(store: Store): Store {
  const close = store.close.bind(store);
  let closing: Promise<void> | undefined;
  store.close = () => (closing ??= close());
  return store;
}

/** The in-thread stores' `chains` option for a test's listeners. */
export function chainsOf(listeners?: RunListeners): { chains?: ChainFilter } {
  return listeners ? { chains: chainFilterOf(() => listeners) } : {};
}

/** The stores a harness opened, closed together after each test. */
export class OpenedStores {
  private stores: Store[] = [];

  add(store: Store): void {
    this.stores.push(store);
  }

  async closeAll(): Promise<void> {
    const stores = this.stores;
    this.stores = [];
    await Promise.all(stores.map((store) => store.close()));
  }
}
