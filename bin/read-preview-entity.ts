import { access, readFile } from 'node:fs/promises';
import { ConfigError, readConfig } from '../bot/config/read-config.js';
import { createStore } from '../bot/store/create-store.js';
import { UsageError } from './cli-io.js';

/** Where `--entity BLUEPRINT/ID` is looked up: a server's database, as `serve` opens it. */
export interface PreviewDatabase {
  /** `--database`: a SQLite file, or a postgres:// URL. Default: serve's configuration. */
  readonly database?: string;
  readonly env: NodeJS.ProcessEnv;
}

/**
 * The entity a self-service preview runs on: `--entity FILE` (an entity in Port's shape, or
 * the entity API's `{ok, entity}` answer), or `--entity BLUEPRINT/ID` read from the embedded
 * catalog of a server's database.
 */
export async function readPreviewEntity(
  value: string,
  where: PreviewDatabase,
): Promise<Record<string, unknown>> {
  const isFile = await access(value).then(
    () => true,
    () => false,
  );
  if (isFile) return readEntityFile(value);
  const match = /^([^/]+)\/([^/]+)$/.exec(value);
  if (!match) {
    throw new UsageError(
      `--entity ${value}: no such file, and not BLUEPRINT/IDENTIFIER of an entity in the catalog`,
    );
  }
  return readCatalogEntity(match[1]!, match[2]!, value, where);
}

async function readEntityFile(path: string): Promise<Record<string, unknown>> {
  const text = await readFile(path, 'utf8').catch(() => {
    throw new UsageError(`--entity ${path}: cannot read the file`);
  });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--entity ${path}: not valid JSON (${(error as Error).message})`);
  }
  // The entity API's answer (`GET /v1/blueprints/{bp}/entities/{id}`) is taken as is.
  if (isObject(value) && isObject(value.entity) && value.identifier === undefined) {
    value = value.entity;
  }
  if (!isObject(value)) throw new UsageError(`--entity ${path}: an entity is a JSON object`);
  if (typeof value.identifier !== 'string' || value.identifier === '') {
    throw new UsageError(`--entity ${path}: the entity needs an "identifier" (a string)`);
  }
  for (const key of ['blueprint', 'title', 'icon'] as const) {
    if (value[key] !== undefined && value[key] !== null && typeof value[key] !== 'string') {
      throw new UsageError(`--entity ${path}: "${key}" must be a string`);
    }
  }
  for (const key of ['properties', 'relations'] as const) {
    if (value[key] !== undefined && !isObject(value[key])) {
      throw new UsageError(`--entity ${path}: "${key}" must be an object`);
    }
  }
  return value;
}

async function readCatalogEntity(
  blueprint: string,
  identifier: string,
  given: string,
  where: PreviewDatabase,
): Promise<Record<string, unknown>> {
  const { databaseUrl, sqlitePath } = databaseOf(where);
  const name = databaseUrl ? 'the PostgreSQL database' : `the SQLite database ${sqlitePath}`;
  if (!databaseUrl) {
    const exists = await access(sqlitePath).then(
      () => true,
      () => false,
    );
    if (!exists) {
      throw new UsageError(
        `--entity ${given}: not a file, and there is no switchyard database at ${sqlitePath} to read the entity from (give --database PATH|URL of the server's database)`,
      );
    }
  }
  // migrate: false — a preview never changes a server's database.
  const store = await createStore({
    ...(databaseUrl ? { databaseUrl } : { sqlitePath }),
    migrate: false,
  }).catch((error: unknown) => {
    throw new UsageError(`--entity ${given}: cannot open ${name}: ${(error as Error).message}`);
  });
  try {
    const entity = await store.entities.getEntity(blueprint, identifier).catch((error) => {
      throw new UsageError(
        `--entity ${given}: cannot read the entity catalog of ${name} (${(error as Error).message}); is it a switchyard database, migrated by serve?`,
      );
    });
    if (entity === null) {
      throw new UsageError(
        `--entity ${given}: no file of that name, and the catalog in ${name} has no entity "${identifier}" of blueprint "${blueprint}"`,
      );
    }
    return { ...entity };
  } finally {
    await store.close();
  }
}

function databaseOf(where: PreviewDatabase): { databaseUrl?: string; sqlitePath: string } {
  if (where.database !== undefined) {
    return /^postgres(ql)?:\/\//.test(where.database)
      ? { databaseUrl: where.database, sqlitePath: '' }
      : { sqlitePath: where.database };
  }
  let config;
  try {
    config = readConfig(where.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    throw new UsageError(`serve's configuration, used to find the database: ${error.message}`);
  }
  return {
    ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
    sqlitePath: config.sqlitePath,
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
