/** One refusal from the API: Port's `{ ok: false, error, message, details? }`. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: readonly { path: string; message: string }[] = [],
  ) {
    super(message);
  }
}

let csrfToken: string | null = null;

/** Sent as `X-CSRF-Token` on every state-changing call (from `GET /v1/ui/session`). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Fired on `window` when a call answers 401: the app shows the login page. */
export const UNAUTHORIZED_EVENT = 'switchyard:unauthorized';

/**
 * Calls the server's JSON API with the session cookie; throws `ApiFailure` for any non-2xx
 * answer (a 401 also fires `UNAUTHORIZED_EVENT`).
 */
export async function api<T>(
  path: string,
  options: { method?: string; body?: unknown; quiet401?: boolean } = {},
): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET' && method !== 'HEAD' && csrfToken !== null) {
    headers['x-csrf-token'] = csrfToken;
  }
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  let response: Response;
  try {
    response = await fetch(path, { method, headers, body, credentials: 'same-origin' });
  } catch (error) {
    throw new ApiFailure(0, 'network', `the server did not answer: ${(error as Error).message}`);
  }
  const text = await response.text();
  let json: Record<string, unknown>;
  try {
    json = text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
  } catch {
    json = { message: text.slice(0, 200) };
  }
  if (!response.ok) {
    if (response.status === 401 && options.quiet401 !== true) {
      window.dispatchEvent(new Event(UNAUTHORIZED_EVENT));
    }
    throw new ApiFailure(
      response.status,
      typeof json.error === 'string' ? json.error : `http_${response.status}`,
      typeof json.message === 'string' ? json.message : `${method} ${path}: ${response.status}`,
      Array.isArray(json.details) ? (json.details as { path: string; message: string }[]) : [],
    );
  }
  return json as T;
}

/** `?a=1&b=2` from the non-empty entries. */
export function queryString(params: Record<string, string | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, value);
  }
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}
