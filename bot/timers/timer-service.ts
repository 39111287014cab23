import type { CatalogEvent } from '../../core/events/catalog-event.js';
import type { AutomationIndex } from '../../core/match/automation-index.js';
import { planTimerChanges, type TimerChange } from '../../core/timers/plan-timer-changes.js';
import { timerEventIdOf } from '../../core/timers/timer-event-id.js';
import { timerInstantOf } from '../../core/timers/timer-instant-of.js';
import { timerPropertiesOf, type TimerProperties } from '../../core/timers/timer-properties-of.js';
import type { DefinitionRegistry } from '../definitions/definition-registry.js';
import type { Logger } from '../log/create-logger.js';
import type { EventSource, Store } from '../store/store.js';
import type { NewTimer } from '../store/timer-store.js';
import type { TimerConfig } from './timer-mode.js';
import { TimerScheduler, type FireTimers } from './timer-scheduler.js';

export interface TimerServiceDeps {
  readonly store: Store;
  readonly registry: DefinitionRegistry;
  readonly log: Logger;
  readonly config: TimerConfig;
  /** This replica's id. */
  readonly owner: string;
  readonly now: () => number;
  /** Raises fired timers' events through ingest (set once the bot's context exists). */
  readonly fire: FireTimers;
}

/**
 * Switchyard's own timer engine: keeps one timer per watched (blueprint, entity, property) in
 * step with entity events, and fires it through a scheduler. Ingest calls `beforeIngest` for
 * every event before storing it.
 */
export class TimerService {
  readonly scheduler: TimerScheduler;
  private watchedFor: { index: AutomationIndex; watched: TimerProperties } | undefined;

  constructor(private readonly deps: TimerServiceDeps) {
    this.scheduler = new TimerScheduler(deps.store.timers, deps.fire, deps.log, {
      owner: deps.owner,
      batchSize: deps.config.batchSize,
      leaseMs: deps.config.leaseMs,
      recheckMs: deps.config.recheckMs,
      now: deps.now,
    });
  }

  /** The clock due times are compared with. */
  now(): number {
    return this.deps.now();
  }

  get enabled(): boolean {
    return this.deps.config.mode !== 'off';
  }

  start(): void {
    if (this.enabled) this.scheduler.start();
  }

  stop(): Promise<void> {
    return this.scheduler.stop();
  }

  /** The timer properties loaded automations watch, per blueprint. */
  watched(): TimerProperties {
    const index = this.deps.registry.index;
    if (this.watchedFor?.index !== index) {
      this.watchedFor = { index, watched: timerPropertiesOf(index.automations) };
    }
    return this.watchedFor.watched;
  }

  /**
   * Called for every incoming event before it is stored; returns the id to store it under.
   * An entity event schedules, moves or cancels its entity's timers (before the event is
   * committed, so a redelivery after a crash applies them again; a duplicate applies nothing).
   * In `auto` mode an incoming TIMER_EXPIRED event takes the id switchyard's own firing would
   * use and cancels the local timer of that instant: the first of the two is the one stored.
   */
  async beforeIngest(event: CatalogEvent, eventId: string, source: EventSource): Promise<string> {
    if (!this.enabled) return eventId;
    if (event.action === 'TIMER_EXPIRED') {
      if (source === 'timer' || this.deps.config.mode !== 'auto') return eventId;
      const instant = timerInstantOf(event);
      if (!instant) return eventId;
      await this.deps.store.timers.cancel(instant.key, { dueAt: instant.at });
      return timerEventIdOf(instant.key, instant.at);
    }
    const changes = planTimerChanges(event, this.watched());
    if (changes.length === 0) return eventId;
    if ((await this.deps.store.getEvent(eventId)) !== null) return eventId;
    await this.apply(changes, event, eventId);
    return eventId;
  }

  private async apply(
    changes: readonly TimerChange[],
    event: CatalogEvent,
    eventId: string,
  ): Promise<void> {
    const { store, log } = this.deps;
    const now = this.deps.now();
    const schedule: NewTimer[] = [];
    for (const change of changes) {
      switch (change.kind) {
        case 'schedule': {
          // An instant that already fired (a later update repeating the value) fires no more.
          if (
            change.dueAt <= now &&
            (await store.getEvent(timerEventIdOf(change.key, change.dueAt))) !== null
          ) {
            await store.timers.cancel(change.key);
            break;
          }
          schedule.push({
            key: change.key,
            dueAt: change.dueAt,
            value: change.value,
            entity: change.entity,
            ...(event.trigger === undefined ? {} : { scheduledBy: event.trigger }),
            sourceEventId: eventId,
          });
          break;
        }
        case 'cancel':
          await store.timers.cancel(change.key);
          break;
        case 'cancel-entity':
          await store.timers.cancelEntity(change.blueprint, change.entity);
          break;
        case 'invalid': {
          const { blueprint, entity, property } = change.key;
          log.warn(
            { eventId, blueprint, entity, property },
            `timers: event ${eventId}: ${blueprint}/${entity} properties.${property}: ${change.message}; no timer scheduled`,
          );
          await store.timers.cancel(change.key);
          break;
        }
      }
    }
    if (schedule.length === 0) return;
    await store.timers.schedule(schedule, now);
    this.scheduler.notify(Math.min(...schedule.map((t) => t.dueAt)));
  }
}
