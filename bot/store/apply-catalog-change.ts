import type { CatalogChange } from './incoming-event.js';
import type { SqlExecutor } from './sql-driver.js';
import { ENTITY_DELETE_SQL, ENTITY_UPSERT_SQL, entityValues } from './sql-entity-catalog.js';

/** Writes an event's catalog change inside the caller's transaction (the event's). */
export async function applyCatalogChange(tx: SqlExecutor, change: CatalogChange): Promise<void> {
  if ('put' in change) {
    await tx.run(ENTITY_UPSERT_SQL, entityValues(change.put));
    return;
  }
  const { blueprint, identifier } = change.remove;
  await tx.run(ENTITY_DELETE_SQL, [blueprint, identifier]);
}
