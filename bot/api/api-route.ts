import type { BotContext } from '../bot-context.js';
import type { Caller } from './authenticate.js';
import type { HttpRequest, HttpResponse } from '../http/http-route.js';
import type { RoutePattern } from '../http/match-route.js';

/** One request to a route, with its path parameters and query. */
export interface ApiCall {
  readonly req: HttpRequest;
  readonly ctx: BotContext;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly caller: Caller;
}

/** What a route answers (sent as JSON); refusals are thrown as `ApiError` or `StoreError`. */
export type ApiAnswer = HttpResponse;

export interface ApiRoute extends RoutePattern {
  /** Whether the route needs `Authorization: Bearer <token>` (when credentials are configured). */
  readonly auth: boolean;
  /** One of the UI's own routes: closed on a non-loopback API without credentials. */
  readonly ui?: boolean;
  handle(call: ApiCall): Promise<ApiAnswer>;
}
