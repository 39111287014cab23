/** What `recordEvent` (and a batch of fired timers) takes and answers. */

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
}

export interface RecordEventResult {
  /** `false` when the event id was already stored: nothing was created. */
  readonly created: boolean;
  /** The runs of the event: the new ones, or on a duplicate the original ones. */
  readonly runIds: string[];
}
