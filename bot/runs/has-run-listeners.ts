import type { CatalogEvent } from '../../core/events/catalog-event.js';
import type { DefinitionRegistry } from '../definitions/definition-registry.js';
import type { RunChangeKind } from '../store/chain-entry.js';

/** Whether any automation listens to this action's RUN_CREATED (`CREATE`) or RUN_UPDATED (`UPDATE`). */
export function hasRunListeners(
  registry: DefinitionRegistry,
  action: string,
  change: RunChangeKind,
): boolean {
  const probe: CatalogEvent = {
    action: change,
    resourceType: 'run',
    context: { action: { identifier: action } },
  };
  return registry.index.candidates(probe).length > 0;
}
