import { httpRequestOnce, HttpRequestError, responseBody } from './http-request.js';

/** A Port account's API credentials (SWITCHYARD_PORT_API_URL, _CLIENT_ID, _CLIENT_SECRET). */
export interface PortAccount {
  readonly apiUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

export type TokenAnswer =
  | { readonly ok: true; readonly token: string }
  /** `retryable`: a network error, 429 or 5xx; otherwise the credentials were refused. */
  | { readonly ok: false; readonly retryable: boolean; readonly message: string };

/** Renew this long before Port's `expiresIn` runs out, so a token never expires in flight. */
const MARGIN_MS = 60_000;

/**
 * Port access tokens (`POST /v1/auth/access_token` `{clientId, clientSecret}` →
 * `{accessToken, expiresIn}`), one per account, cached until shortly before they expire;
 * concurrent callers share one request.
 */
export class PortTokenCache {
  private cached: { token: string; until: number } | undefined;
  private pending: Promise<TokenAnswer> | undefined;

  constructor(
    private readonly account: PortAccount,
    private readonly options: { timeoutMs?: number; now?: () => number } = {},
  ) {}

  /** How many tokens were fetched (for tests and metrics). */
  fetched = 0;

  async token(): Promise<TokenAnswer> {
    const now = (this.options.now ?? Date.now)();
    if (this.cached && now < this.cached.until) return { ok: true, token: this.cached.token };
    this.pending ??= this.fetch().finally(() => (this.pending = undefined));
    return this.pending;
  }

  /** Drops the cached token (Port answered 401 with it). */
  invalidate(): void {
    this.cached = undefined;
  }

  private async fetch(): Promise<TokenAnswer> {
    this.fetched++;
    const url = `${this.account.apiUrl.replace(/\/+$/, '')}/v1/auth/access_token`;
    let response;
    try {
      response = await httpRequestOnce({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({
          clientId: this.account.clientId,
          clientSecret: this.account.clientSecret,
        }),
        timeoutMs: this.options.timeoutMs ?? 30_000,
      });
    } catch (error) {
      const message = `could not get a Port access token from ${url}: ${(error as Error).message}`;
      return {
        ok: false,
        retryable: !(error instanceof HttpRequestError && !error.retryable),
        message,
      };
    }
    const body = responseBody(response) as { accessToken?: unknown; expiresIn?: unknown } | null;
    if (response.status >= 200 && response.status < 300 && typeof body?.accessToken === 'string') {
      const seconds = typeof body.expiresIn === 'number' ? body.expiresIn : 3600;
      const now = (this.options.now ?? Date.now)();
      this.cached = {
        token: body.accessToken,
        until: now + Math.max(0, seconds * 1000 - MARGIN_MS),
      };
      return { ok: true, token: body.accessToken };
    }
    const retryable = response.status === 429 || response.status >= 500;
    return {
      ok: false,
      retryable,
      message: retryable
        ? `Port's token route answered ${response.status}`
        : `Port refused the client id and secret (${response.status}${portMessage(body)}); check SWITCHYARD_PORT_CLIENT_ID and SWITCHYARD_PORT_CLIENT_SECRET`,
    };
  }
}

/** `: <message>` from Port's `{ok: false, error, message}`, when there is one. */
export function portMessage(body: unknown): string {
  const b = body as { error?: unknown; message?: unknown } | null;
  if (typeof b?.message === 'string') {
    return `: ${typeof b.error === 'string' ? `${b.error}: ` : ''}${b.message}`;
  }
  return '';
}
