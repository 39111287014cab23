import { newId, newRunId } from '../../../core/runs/new-run-id.js';
import type { ChainFilter } from '../../../bot/store/chain-entry.js';
import type { NewRun } from '../../../bot/store/run-record.js';
import type { IncomingEvent, Store } from '../../../bot/store/store.js';

/** A test database: every `open` is another process on it (a replica, or a restart). */
export interface TestDatabase {
  open(options?: { now?: () => number; migrate?: boolean; chains?: ChainFilter }): Promise<Store>;
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

/** A clock tests move by hand. */
export class TestClock {
  constructor(public ms = Date.UTC(2025, 0, 1, 12)) {}
  readonly now = (): number => this.ms;
  advance(ms: number): void {
    this.ms += ms;
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
