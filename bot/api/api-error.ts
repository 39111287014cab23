/** A refused API request, as data: answered as Port's `{ ok: false, error, message, ...extra }`. */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Readonly<Record<string, unknown>> = {},
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

/** 422 `invalid_request`: the body or query does not match the route's schema. */
export function invalidRequest(message: string, extra: Record<string, unknown> = {}): ApiError {
  return new ApiError(422, 'invalid_request', message, extra);
}
