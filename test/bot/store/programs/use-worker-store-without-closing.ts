// `node --import tsx use-worker-store-without-closing.ts DB`: opens the SQLite store in its writer
// thread, migrates, records one event and prints `recorded RUN_ID`, and never closes the store:
// the process must still exit by itself once nothing is in flight.
import { createSqliteWorkerStore } from '../../../../bot/store/sqlite-worker-store.js';
import { aRun, anEvent } from '../store-fixtures.js';

const store = createSqliteWorkerStore({ path: process.argv[2] });
await store.migrate();
const run = aRun();
await store.recordEvent(anEvent(), [run]);
process.stdout.write(`recorded ${(await store.getRun(run.id))?.id}\n`);
