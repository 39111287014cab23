import type { Automation } from '../definitions/definition.js';
import type { CatalogEvent } from '../events/catalog-event.js';
import { AutomationIndex } from '../match/automation-index.js';
import { synthesizeEvent } from './synthesize-event.js';

/** A sample catalog event, from a file in the sample-events folder or synthesized. */
export interface SampleEvent {
  /** The sample's file (relative path), or a label for a synthetic one. */
  readonly name: string;
  readonly event: CatalogEvent;
  readonly synthetic: boolean;
}

/**
 * The samples that exercise an automation: every sample whose event type and selector
 * fit its trigger (near misses on conditions included, so a preview shows why they do
 * not match), in the order given. When none fits, one synthetic event from the trigger.
 */
export function pickSampleEvents(
  automation: Automation,
  samples: readonly SampleEvent[],
): SampleEvent[] {
  const index = new AutomationIndex([{ definition: automation, origin: { file: '' } }]);
  const fitting = samples.filter((sample) => index.candidates(sample.event).length > 0);
  if (fitting.length > 0) return fitting;
  const synthetic = synthesizeEvent(automation.trigger.event);
  return [{ name: synthetic.name, event: synthetic.event, synthetic: true }];
}
