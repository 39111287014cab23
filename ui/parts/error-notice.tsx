import type { ApiFailure } from '../api.js';

/** A failed call, in words: what the server said, and its status. */
export function ErrorNotice({ error, what }: { error: ApiFailure; what: string }) {
  return (
    <div class="notice notice-error" role="alert">
      <strong>Could not load {what}:</strong> {error.message}
      {error.status > 0 ? ` (HTTP ${error.status})` : ''}
    </div>
  );
}
