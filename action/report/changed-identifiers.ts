import type { DefinitionChangeKind } from '../../core/definitions/diff-definitions.js';

/**
 * The Action's `changed` output: the identifiers whose behaviour the change alters for a user
 * of the automation — added, changed, enabled, disabled or removed — in report order. A
 * definition that only moved to another file (same identifier, same content) is left out: the
 * comment shows it as moved, but nothing it does changed. A head file that does not parse and
 * has no identifier is left out too (it is reported as an error).
 */
export function changedIdentifiers(
  changes: readonly { readonly identifier?: string; readonly kind: DefinitionChangeKind }[],
): string[] {
  return changes.flatMap((change) =>
    change.identifier !== undefined && change.kind !== 'moved' ? [change.identifier] : [],
  );
}
