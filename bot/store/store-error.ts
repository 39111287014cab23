export type StoreErrorCode =
  'run_exhausted' | 'not_found' | 'invalid_request' | 'identifier_taken' | 'not_cancellable';

/** A refused store operation, as data: `code` is what the run API answers as `error`. */
export class StoreError extends Error {
  override readonly name = 'StoreError';

  constructor(
    readonly code: StoreErrorCode,
    message: string,
    readonly runId?: string,
  ) {
    super(message);
  }
}

export function isStoreError(error: unknown, code?: StoreErrorCode): error is StoreError {
  return error instanceof StoreError && (code === undefined || error.code === code);
}
