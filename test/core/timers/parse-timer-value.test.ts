import { describe, expect, it } from 'vitest';
import { parseTimerValue } from '../../../core/timers/parse-timer-value.js';

describe('parseTimerValue', () => {
  it.each([
    ['2025-03-14T18:00:00.000Z', Date.UTC(2025, 2, 14, 18)],
    ['2025-03-14T18:00:00Z', Date.UTC(2025, 2, 14, 18)],
    ['2025-03-14T20:00:00+02:00', Date.UTC(2025, 2, 14, 18)],
    ['2025-03-14T20:00+0200', Date.UTC(2025, 2, 14, 18)],
    ['2025-03-14T18:00:00.5Z', Date.UTC(2025, 2, 14, 18, 0, 0, 500)],
    ['2025-03-14T18:00:00.123456789Z', Date.UTC(2025, 2, 14, 18, 0, 0, 123)],
    ['2025-03-14 18:00:00', Date.UTC(2025, 2, 14, 18)],
    ['2025-03-14', Date.UTC(2025, 2, 14)],
    ['2024-02-29T00:00:00Z', Date.UTC(2024, 1, 29)],
  ])('reads %s as an instant (a missing offset is UTC)', (value, at) => {
    expect(parseTimerValue(value)).toEqual({ ok: true, at });
  });

  it.each([
    ['tomorrow', /not an ISO 8601 date-time/],
    ['2025-02-30T00:00:00Z', /not a real date and time/],
    ['2025-13-01T00:00:00Z', /not a real date and time/],
    ['2025-03-14T25:00:00Z', /not a real date and time/],
    ['', /not an ISO 8601 date-time/],
  ])('refuses "%s" and says why', (value, message) => {
    const parsed = parseTimerValue(value);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.message).toMatch(message);
  });

  it.each([
    [1741975200000, /got number 1741975200000/],
    [true, /got boolean true/],
    [{}, /got an object/],
    [[], /got an array/],
  ])('refuses %j, which is not a string', (value, message) => {
    const parsed = parseTimerValue(value);
    expect(!parsed.ok && parsed.message).toMatch(message);
  });
});
