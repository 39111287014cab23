import { HttpError } from '../http/http-error.js';

/** The API's refusals are the HTTP layer's (`HttpError`), under the name the routes use. */
export { HttpError as ApiError } from '../http/http-error.js';

/** 422 `invalid_request`: the body or query does not match the route's schema. */
export function invalidRequest(message: string, extra: Record<string, unknown> = {}): HttpError {
  return new HttpError(422, 'invalid_request', message, extra);
}
