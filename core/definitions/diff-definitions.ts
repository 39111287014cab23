import { isDeepStrictEqual } from 'node:util';

/** One definition file on one side of a diff: its path and, when it parsed, its value. */
export interface DefinitionSnapshot {
  readonly file: string;
  /** The parsed definition; undefined when the file did not parse. */
  readonly value?: unknown;
}

/**
 * What a change does to one definition. `enabled`/`disabled`: `publish` flipped (other
 * fields may have changed too, see `diff`); `moved`: only the file changed.
 */
export type DefinitionChangeKind =
  'added' | 'changed' | 'removed' | 'enabled' | 'disabled' | 'moved';

/** One leaf that differs between base and head, at a JSON path like `trigger.event.type`. */
export interface FieldChange {
  readonly path: string;
  /** Absent when the field was added. */
  readonly before?: unknown;
  /** Absent when the field was removed. */
  readonly after?: unknown;
}

export interface DefinitionChange {
  /** The definition's identifier; absent for a head file that does not parse and had no base. */
  readonly identifier?: string;
  readonly kind: DefinitionChangeKind;
  /** Head file (the base file for `removed`). */
  readonly file: string;
  /** Base file, when it differs from `file` (a moved or renamed file keeps its identity). */
  readonly previousFile?: string;
  readonly before?: unknown;
  readonly after?: unknown;
  /** Field-level differences, base → head, in path order. */
  readonly fields: readonly FieldChange[];
}

/** Keys that are editor hints, not part of the definition. */
const IGNORED_KEYS = new Set(['$schema']);

/**
 * Plans base → head per identifier: which definitions a change adds, changes, removes,
 * enables or disables. Identity is the `identifier`, not the path, so a moved or renamed
 * file is the same definition. A head file that does not parse is matched to its base
 * by path and reported as changed. Unchanged definitions are left out.
 */
export function diffDefinitions(
  base: readonly DefinitionSnapshot[],
  head: readonly DefinitionSnapshot[],
): DefinitionChange[] {
  const baseById = new Map<string, DefinitionSnapshot>();
  const baseByFile = new Map<string, DefinitionSnapshot>();
  for (const snapshot of base) {
    baseByFile.set(snapshot.file, snapshot);
    const id = identifierOf(snapshot.value);
    if (id !== undefined && !baseById.has(id)) baseById.set(id, snapshot);
  }
  const matched = new Set<DefinitionSnapshot>();
  const changes: DefinitionChange[] = [];
  const seen = new Set<string>();

  for (const after of head) {
    let id = identifierOf(after.value);
    // A duplicate identifier is a validation error; diff the second copy as its own file.
    const duplicate = id !== undefined && seen.has(id);
    if (id !== undefined) seen.add(id);
    let before = id !== undefined && !duplicate ? baseById.get(id) : undefined;
    if (!before && (id === undefined || duplicate)) {
      const sameFile = baseByFile.get(after.file);
      if (sameFile && !matched.has(sameFile)) {
        before = sameFile;
        id ??= identifierOf(sameFile.value);
      }
    }
    if (before) matched.add(before);
    const change = compare(id, before, after);
    if (change) changes.push(change);
  }
  for (const before of base) {
    if (matched.has(before)) continue;
    const id = identifierOf(before.value);
    changes.push({
      ...(id !== undefined ? { identifier: id } : {}),
      kind: 'removed',
      file: before.file,
      before: before.value,
      fields: fieldChanges(before.value, undefined),
    });
  }
  return changes.sort(compareChanges);
}

function compare(
  id: string | undefined,
  before: DefinitionSnapshot | undefined,
  after: DefinitionSnapshot,
): DefinitionChange | undefined {
  const identity = id !== undefined ? { identifier: id } : {};
  if (!before) {
    return {
      ...identity,
      kind: 'added',
      file: after.file,
      after: after.value,
      fields: fieldChanges(undefined, after.value),
    };
  }
  const moved = before.file !== after.file ? { previousFile: before.file } : {};
  const fields = fieldChanges(before.value, after.value);
  const unparsed = before.value === undefined || after.value === undefined;
  if (fields.length === 0 && !unparsed) {
    return moved.previousFile
      ? {
          ...identity,
          kind: 'moved',
          file: after.file,
          ...moved,
          before: before.value,
          after: after.value,
          fields,
        }
      : undefined;
  }
  const wasLive = isPublished(before.value);
  const isLive = isPublished(after.value);
  const kind: DefinitionChangeKind =
    unparsed || wasLive === isLive ? 'changed' : isLive ? 'enabled' : 'disabled';
  return {
    ...identity,
    kind,
    file: after.file,
    ...moved,
    before: before.value,
    after: after.value,
    fields,
  };
}

/** Leaf-level differences; arrays of different lengths compare as one value. */
export function fieldChanges(before: unknown, after: unknown, path = ''): FieldChange[] {
  if (isDeepStrictEqual(before, after)) return [];
  if (isRecord(before) && isRecord(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(
      (key) => !(path === '' && IGNORED_KEYS.has(key)),
    );
    return keys.flatMap((key) => {
      const child = joinPath(path, key);
      if (!(key in after)) return leaf(child, before[key], undefined, true, false);
      if (!(key in before)) return leaf(child, undefined, after[key], false, true);
      return fieldChanges(before[key], after[key], child);
    });
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    return before.flatMap((item, i) => fieldChanges(item, after[i], `${path}[${i}]`));
  }
  if (path === '') {
    // A whole definition appeared or disappeared: list its fields.
    if (before === undefined && isRecord(after)) return fieldChanges({}, after);
    if (after === undefined && isRecord(before)) return fieldChanges(before, {});
  }
  return leaf(path || '(definition)', before, after, before !== undefined, after !== undefined);
}

function leaf(
  path: string,
  before: unknown,
  after: unknown,
  hasBefore: boolean,
  hasAfter: boolean,
): FieldChange[] {
  return [{ path, ...(hasBefore ? { before } : {}), ...(hasAfter ? { after } : {}) }];
}

/**
 * A readable diff of one change, one line per side of each field: `- path: value` and
 * `+ path: value` (values as compact JSON), suitable for a ```diff block.
 */
export function formatDefinitionDiff(
  change: Pick<DefinitionChange, 'fields' | 'file' | 'previousFile'>,
): string {
  const lines: string[] = [];
  if (change.previousFile) lines.push(`  file: ${change.previousFile} → ${change.file}`);
  for (const field of change.fields) {
    if ('before' in field) lines.push(`- ${field.path}: ${JSON.stringify(field.before)}`);
    if ('after' in field) lines.push(`+ ${field.path}: ${JSON.stringify(field.after)}`);
  }
  return lines.join('\n');
}

function joinPath(path: string, key: string): string {
  const part = /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
  if (!path) return /^[A-Za-z_$][\w$]*$/.test(key) ? key : `[${part}]`;
  return part === key ? `${path}.${key}` : `${path}[${part}]`;
}

function identifierOf(value: unknown): string | undefined {
  const id = isRecord(value) ? value.identifier : undefined;
  return typeof id === 'string' && id.length > 0 ? id : undefined;
}

/** `publish` defaults to true (spec §1). */
function isPublished(value: unknown): boolean {
  return !(isRecord(value) && value.publish === false);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const ORDER: Record<DefinitionChangeKind, number> = {
  added: 0,
  changed: 1,
  enabled: 2,
  disabled: 3,
  moved: 4,
  removed: 5,
};

function compareChanges(a: DefinitionChange, b: DefinitionChange): number {
  return ORDER[a.kind] - ORDER[b.kind] || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0);
}
