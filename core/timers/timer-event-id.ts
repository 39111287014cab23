import { createHash } from 'node:crypto';

/** What identifies one timer: a timer property of one entity. */
export interface TimerKey {
  readonly blueprint: string;
  readonly entity: string;
  readonly property: string;
}

const hash = (text: string) => createHash('sha256').update(text).digest('base64url').slice(0, 32);

/** The id of the timer row of (blueprint, entity, property): one pending timer per property. */
export function timerIdOf(key: TimerKey): string {
  return `tm_${hash(`${key.blueprint}\u0000${key.entity}\u0000${key.property}`)}`;
}

/**
 * The id of the TIMER_EXPIRED event of one timer at one instant. Switchyard's own firing and an
 * incoming event for the same entity, property and instant get the same id, so the events
 * store keeps (and runs) only the first: a timer fires once per instant.
 */
export function timerEventIdOf(key: TimerKey, at: number): string {
  return `timer_${hash(
    `${key.blueprint}\u0000${key.entity}\u0000${key.property}\u0000${new Date(at).toISOString()}`,
  )}`;
}
