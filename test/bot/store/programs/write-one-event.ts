// `node --import tsx write-one-event.ts DB FULL|NORMAL`: opens the SQLite store, migrates, prints
// `migrated`, records one event with one run, prints `acked` once the store answered, closes.
import { createSqliteStore } from '../../../../bot/store/sqlite-store.js';
import { aRun, anEvent } from '../store-fixtures.js';

const [path, synchronous] = process.argv.slice(2);
const store = createSqliteStore({ path, synchronous: synchronous as 'FULL' | 'NORMAL' });
await store.migrate();
process.stdout.write('migrated\n');
await store.recordEvent(anEvent(), [aRun()]);
process.stdout.write('acked\n');
await store.close();
