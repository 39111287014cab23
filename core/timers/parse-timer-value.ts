export type TimerValue =
  { readonly ok: true; readonly at: number } | { readonly ok: false; readonly message: string };

// An ISO 8601 date, or date and time with an optional offset (Port's timer properties hold
// `date-time` strings such as 2025-03-14T18:00:00.000Z).
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/**
 * Reads a timer property's value as an instant (epoch ms). A date alone is midnight UTC; a time
 * without an offset is UTC too, so the instant does not depend on the server's time zone.
 */
export function parseTimerValue(value: unknown): TimerValue {
  if (typeof value !== 'string') {
    return { ok: false, message: `expected an ISO 8601 date-time string, got ${describe(value)}` };
  }
  const match = ISO.exec(value.trim());
  if (!match) {
    return {
      ok: false,
      message: `"${clip(value)}" is not an ISO 8601 date-time (e.g. 2025-03-14T18:00:00Z)`,
    };
  }
  const [, year, month, day, hour, minute, second, fraction, offset] = match;
  const text =
    `${year}-${month}-${day}T${hour ?? '00'}:${minute ?? '00'}:${second ?? '00'}` +
    `.${(fraction ?? '0').padEnd(3, '0').slice(0, 3)}${normalizeOffset(offset)}`;
  const at = Date.parse(text);
  const daysInMonth = new Date(Date.UTC(Number(year), Number(month), 0)).getUTCDate();
  if (Number.isNaN(at) || Number(month) < 1 || Number(day) < 1 || Number(day) > daysInMonth) {
    return { ok: false, message: `"${clip(value)}" is not a real date and time` };
  }
  return { ok: true, at };
}

function normalizeOffset(offset: string | undefined): string {
  if (offset === undefined || offset.toUpperCase() === 'Z') return 'Z';
  return offset.includes(':') ? offset : `${offset.slice(0, 3)}:${offset.slice(3)}`;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
