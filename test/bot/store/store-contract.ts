import { afterAll, afterEach, describe } from 'vitest';
import { chainContract } from './contract-chains.js';
import { agentQueueContract } from './contract-agent-queue.js';
import { definitionSetContract } from './contract-definition-sets.js';
import { entityContract } from './contract-entities.js';
import { eventContract } from './contract-events.js';
import { logContract } from './contract-logs.js';
import { migrationContract } from './contract-migrations.js';
import { outboxContract } from './contract-outbox.js';
import { runContract } from './contract-runs.js';
import { timerContract } from './contract-timers.js';
import { uiContract } from './contract-ui.js';
import type { StoreHarness } from './store-fixtures.js';

/** The behaviour every `Store` has, whichever database is under it. */
export function describeStoreContract(harness: StoreHarness): void {
  afterEach(() => harness.closeStores());
  // Dropping every schema of a PostgreSQL run takes a while on a busy machine.
  afterAll(() => harness.dispose(), 60_000);
  describe('migrations', () => migrationContract(harness));
  describe('recordEvent', () => eventContract(harness));
  describe('runs', () => runContract(harness));
  describe('run logs and results', () => logContract(harness));
  describe('outbox and poison messages', () => outboxContract(harness));
  describe('chain outbox (RUN_* events)', () => chainContract(harness));
  describe('agent queue', () => agentQueueContract(harness));
  describe('definition sets', () => definitionSetContract(harness));
  describe('timers', () => timerContract(harness));
  describe('entity catalog', () => entityContract(harness));
  describe('web UI reads and actions', () => uiContract(harness));
}
