import { parseTimerValue } from '../../core/timers/parse-timer-value.js';
import { timerEventIdOf } from '../../core/timers/timer-event-id.js';
import type { ListTimersFilter, TimerRecord } from '../store/timer-store.js';
import { invalidRequest } from './api-error.js';
import type { ApiAnswer, ApiCall, ApiRoute } from './api-route.js';

/** `GET /v1/timers` query → store filter; 422 with the reason for a bad value. */
export function parseTimerFilter(query: URLSearchParams): ListTimersFilter {
  const filter: { -readonly [K in keyof ListTimersFilter]: ListTimersFilter[K] } = {};
  for (const name of ['blueprint', 'entity', 'property'] as const) {
    const value = query.get(name);
    if (value !== null) filter[name] = value;
  }
  for (const [name, field] of [
    ['due_after', 'dueAfter'],
    ['due_before', 'dueBefore'],
  ] as const) {
    const value = query.get(name);
    if (value === null) continue;
    const parsed = parseTimerValue(value);
    if (!parsed.ok) throw invalidRequest(`${name}: ${parsed.message}`);
    filter[field] = parsed.at;
  }
  for (const [name, min, max] of [
    ['limit', 1, 1000],
    ['offset', 0, Number.MAX_SAFE_INTEGER],
  ] as const) {
    const value = query.get(name);
    if (value === null) continue;
    const number = Number(value);
    if (!/^\d+$/.test(value) || number < min || number > max) {
      throw invalidRequest(`${name} must be an integer from ${min} to ${max}, not "${value}"`);
    }
    filter[name] = number;
  }
  return filter;
}

/** A pending timer as `GET /v1/timers` shows it. */
export function describeTimer(timer: TimerRecord, now: number) {
  const state =
    timer.claimedBy !== null && timer.availableAt > now
      ? 'firing'
      : timer.lastError !== null
        ? 'retrying'
        : 'pending';
  return {
    id: timer.id,
    blueprint: timer.key.blueprint,
    entity: timer.key.entity,
    property: timer.key.property,
    dueAt: new Date(timer.dueAt).toISOString(),
    value: timer.value,
    state,
    /** The id its TIMER_EXPIRED event will be stored under. */
    eventId: timerEventIdOf(timer.key, timer.dueAt),
    scheduledByEvent: timer.sourceEventId,
    attempts: timer.attempts,
    lastError: timer.lastError,
    createdAt: new Date(timer.createdAt).toISOString(),
    updatedAt: new Date(timer.updatedAt).toISOString(),
  };
}

/** `GET /v1/timers?blueprint&entity&property&due_after&due_before&limit&offset` → `{ok, mode, timers}`. */
async function listTimers({ ctx, query }: ApiCall): Promise<ApiAnswer> {
  const timers = await ctx.store.timers.list(parseTimerFilter(query));
  const now = Date.now();
  return {
    status: 200,
    body: {
      ok: true,
      mode: ctx.config.timers.mode,
      timers: timers.map((timer) => describeTimer(timer, now)),
    },
  };
}

export const timerRoutes: readonly ApiRoute[] = [
  { method: 'GET', pattern: '/v1/timers', auth: true, handle: listTimers },
];
