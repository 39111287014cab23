/** What `recordEvent` (and a batch of fired timers) takes and answers. */

import type { PortEntity } from '../../core/entities/port-entity.js';

/** An entity event's change to the embedded catalog. */
export type CatalogChange =
  | { readonly put: PortEntity }
  | { readonly remove: { readonly blueprint: string; readonly identifier: string } };

/**
 * How an event reached us; `internal` is a run event the bot raised itself (chaining), `timer` a
 * TIMER_EXPIRED event of its own timer scheduler.
 */
export type EventSource = 'http' | 'kafka' | 'internal' | 'timer';

export interface IncomingEvent {
  /** The event's `id`; sending the same id again creates nothing. */
  readonly id: string;
  readonly source: EventSource;
  /** The event JSON as received. */
  readonly body: unknown;
  /** Epoch ms; default: the store's clock. */
  readonly receivedAt?: number;
  /**
   * The catalog change the event carries, written in the event's transaction when the event is
   * new (a duplicate changes nothing), so the catalog never misses an accepted event.
   */
  readonly catalog?: CatalogChange;
}

export interface RecordEventResult {
  /** `false` when the event id was already stored: nothing was created. */
  readonly created: boolean;
  /** The runs of the event: the new ones, or on a duplicate the original ones. */
  readonly runIds: string[];
}
