import { FAST_DECLINE, FastJqError } from './fast-values.js';

const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/;
const ISO_FORMAT = '%Y-%m-%dT%H:%M:%SZ';

/**
 * `fromdateiso8601`: `strptime("%Y-%m-%dT%H:%M:%SZ") | mktime`, for text in exactly that
 * shape with fields in range (day overflow such as Feb 30 rolls over, as timegm does).
 * Looser text that strptime may still accept is left to jq.
 */
export function fromDateIso8601(input: unknown): number {
  if (typeof input !== 'string') {
    throw new FastJqError('strptime/1 requires string inputs and arguments');
  }
  const m = ISO.exec(input);
  if (!m) throw FAST_DECLINE;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (mo < 1 || mo > 12) {
    throw new FastJqError(`date "${input}" does not match format "${ISO_FORMAT}"`);
  }
  if (d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) throw FAST_DECLINE;
  return Date.UTC(y, mo - 1, d, h, mi, s) / 1000;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** `strftime` for the conversions whose output does not depend on the C library's locale. */
export function strftime(input: unknown, format: unknown): string {
  if (typeof input !== 'number') {
    if (Array.isArray(input)) throw FAST_DECLINE;
    throw new FastJqError('strftime/1 requires parsed datetime inputs');
  }
  if (typeof format !== 'string') throw new FastJqError('strftime/1 requires a string format');
  if (!Number.isFinite(input) || (input < 0 && !Number.isInteger(input))) throw FAST_DECLINE;
  const date = new Date(Math.floor(input) * 1000);
  const year = date.getUTCFullYear();
  if (year < 1000 || year > 9999) throw FAST_DECLINE;
  return format.replace(/%(.?)/g, (_, c: string) => {
    switch (c) {
      case 'Y':
        return String(year);
      case 'm':
        return pad(date.getUTCMonth() + 1);
      case 'd':
        return pad(date.getUTCDate());
      case 'H':
        return pad(date.getUTCHours());
      case 'M':
        return pad(date.getUTCMinutes());
      case 'S':
        return pad(date.getUTCSeconds());
      case '%':
        return '%';
    }
    throw FAST_DECLINE;
  });
}

export const toDateIso8601 = (input: unknown): string => strftime(input, ISO_FORMAT);
