/**
 * A refused request, as data: answered as Port's `{ ok: false, error, message, ...extra }`
 * with `status` and `headers`. Any route may throw it; the HTTP layer answers it.
 */
export class HttpError extends Error {
  override readonly name = 'HttpError';

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
