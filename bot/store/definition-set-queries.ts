import { newId } from '../../core/runs/new-run-id.js';
import type {
  DefinitionSetRecord,
  DefinitionSetRevision,
  NewDefinitionSync,
} from './definition-set.js';
import { fromJsonText, isoTime, text } from './run-row.js';
import type { SqlDriver, SqlRow } from './sql-driver.js';

const COLUMNS =
  'repository, installation_id, commit_sha, definitions, synced_commit, result, revision, updated_at';

/** Records a sync: replaces the active set when there is one, else only the sync's result. */
export async function saveDefinitionSet(
  driver: SqlDriver,
  sync: NewDefinitionSync,
  now: number,
): Promise<DefinitionSetRecord> {
  const revision = newId('ds_');
  const replaceSet = sync.active
    ? ', commit_sha = excluded.commit_sha, definitions = excluded.definitions'
    : '';
  const [row] = await driver.mutate(
    `INSERT INTO definition_sets (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (repository) DO UPDATE SET installation_id = excluded.installation_id,
       synced_commit = excluded.synced_commit, result = excluded.result,
       revision = excluded.revision, updated_at = excluded.updated_at${replaceSet}
     RETURNING ${COLUMNS}`,
    [
      sync.repository,
      sync.installationId,
      sync.active?.commit ?? null,
      JSON.stringify(sync.active?.definitions ?? []),
      sync.syncedCommit,
      JSON.stringify(sync.result),
      revision,
      now,
    ],
  );
  return decodeDefinitionSet(row!);
}

export async function listDefinitionSets(
  driver: SqlDriver,
  repositories?: readonly string[],
): Promise<DefinitionSetRecord[]> {
  if (repositories?.length === 0) return [];
  const where = repositories
    ? ` WHERE repository IN (${repositories.map((_, i) => `$${i + 1}`).join(', ')})`
    : '';
  const rows = await driver.all(
    `SELECT ${COLUMNS} FROM definition_sets${where} ORDER BY repository`,
    repositories ?? [],
  );
  return rows.map(decodeDefinitionSet);
}

export async function listDefinitionSetRevisions(
  driver: SqlDriver,
): Promise<DefinitionSetRevision[]> {
  const rows = await driver.all(
    'SELECT repository, revision FROM definition_sets ORDER BY repository',
  );
  return rows.map((row) => ({
    repository: String(row.repository),
    revision: String(row.revision),
  }));
}

/** Deletes the sets of one repository or of every repository of an installation. */
export async function deleteDefinitionSets(
  driver: SqlDriver,
  filter: { readonly repository?: string; readonly installationId?: number },
): Promise<string[]> {
  if (filter.repository === undefined && filter.installationId === undefined) return [];
  const rows = await driver.mutate(
    filter.repository !== undefined
      ? 'DELETE FROM definition_sets WHERE repository = $1 RETURNING repository'
      : 'DELETE FROM definition_sets WHERE installation_id = $1 RETURNING repository',
    [filter.repository ?? filter.installationId],
  );
  return rows.map((row) => String(row.repository)).sort();
}

function decodeDefinitionSet(row: SqlRow): DefinitionSetRecord {
  return {
    repository: String(row.repository),
    installationId: row.installation_id === null ? null : Number(row.installation_id),
    commit: text(row.commit_sha),
    definitions: fromJsonText(row.definitions) as unknown[],
    syncedCommit: String(row.synced_commit),
    result: fromJsonText(row.result),
    revision: String(row.revision),
    updatedAt: isoTime(row.updated_at),
  };
}
