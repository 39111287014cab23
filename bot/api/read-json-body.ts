import type { HttpRequest } from '../http/http-route.js';

/**
 * Reads a JSON request body with the HTTP layer's one body reader: `undefined` when there is
 * none. Refusals: 413 `payload_too_large` (over 1 MiB), 415 `unsupported_media_type`, 400
 * `invalid_json` with the parser's position, line and column.
 */
export function readJsonBody(req: HttpRequest): Promise<unknown> {
  return req.json();
}
