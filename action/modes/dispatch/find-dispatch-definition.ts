import type { ValidatedDefinition } from '../../../core/definitions/validate-definitions.js';
import type { HeadDefinitions } from '../validate/load-head.js';

/** The head definition with this identifier; none is an error that lists the ones there are. */
export function findDispatchDefinition(
  head: HeadDefinitions,
  identifier: string,
  path: string,
): ValidatedDefinition {
  const found = head.validation.definitions.find((d) => d.identifier === identifier);
  if (!found) {
    const known = head.validation.definitions.flatMap((d) => (d.identifier ? [d.identifier] : []));
    throw new Error(
      `no definition with identifier "${identifier}" in ${path} (found: ${known.join(', ') || 'none'})`,
    );
  }
  return found;
}
