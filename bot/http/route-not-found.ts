import { HttpError } from './http-error.js';

/**
 * The one answer for a path no route serves, wherever it is decided (the router, the API's
 * catch-all under its prefixes, the GitHub App's webhook middleware): 404
 * `{ok: false, error: "not_found", message: "there is no route GET /x"}`, the query left out.
 */
export function routeNotFound(method: string, path: string): HttpError {
  const bare = path.split('?')[0]!;
  return new HttpError(404, 'not_found', `there is no route ${method} ${bare}`);
}
