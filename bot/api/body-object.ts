import { invalidRequest } from './api-error.js';

/**
 * The body as an object holding only `allowed` keys (an absent body is `{}`); 422 naming the
 * first unknown key otherwise.
 */
export function bodyObject(body: unknown, allowed: readonly string[]): Record<string, unknown> {
  if (body === undefined) return {};
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw invalidRequest(
      `the body must be a JSON object, not ${body === null ? 'null' : Array.isArray(body) ? 'an array' : typeof body}`,
    );
  }
  for (const key of Object.keys(body)) {
    if (!allowed.includes(key)) {
      throw invalidRequest(`unknown key "${key}" in the body; allowed keys: ${allowed.join(', ')}`);
    }
  }
  return body as Record<string, unknown>;
}

/** A string, or null when `nullable`; 422 naming the key otherwise. Absent → undefined. */
export function optionalText(
  body: Record<string, unknown>,
  key: string,
  nullable: boolean,
): string | null | undefined {
  const value = body[key];
  if (value === undefined || typeof value === 'string') return value;
  if (value === null && nullable) return null;
  throw invalidRequest(`${key} must be a string${nullable ? ' or null' : ''}`);
}

/** `SUCCESS` or `FAILURE` (the only statuses callers may set); absent → undefined. */
export function optionalFinalStatus(
  body: Record<string, unknown>,
  key: string,
): 'SUCCESS' | 'FAILURE' | undefined {
  const value = body[key];
  if (value === undefined || value === 'SUCCESS' || value === 'FAILURE') return value;
  throw invalidRequest(`${key} must be SUCCESS or FAILURE`);
}
