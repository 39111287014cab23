/**
 * `SWITCHYARD_TIMERS`: `auto` fires timers and lets an incoming TIMER_EXPIRED event for the
 * same entity, property and instant win (it cancels the local timer; whichever comes first is
 * the one stored); `on` fires every timer and treats incoming timer events as ordinary events;
 * `off` schedules nothing.
 */
export type TimerMode = 'auto' | 'on' | 'off';

export const TIMER_MODES: readonly TimerMode[] = ['auto', 'on', 'off'];

export interface TimerConfig {
  readonly mode: TimerMode;
  /** Timers claimed and fired per round trip. */
  readonly batchSize: number;
  /** How long a replica's claim on due timers holds. */
  readonly leaseMs: number;
  /** The longest the scheduler sleeps without looking at the store. */
  readonly recheckMs: number;
}
