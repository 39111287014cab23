import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';

/**
 * A request as a route sees it: method, path, params and query parsed, the body read on
 * demand (at most once, within the route's limit) by the one body reader.
 */
export interface HttpRequest {
  /** Per request, in the request log line: `req_…`. */
  readonly id: string;
  readonly method: string;
  /** The path without its query and trailing slash. */
  readonly path: string;
  /** `:name` segments (percent-decoded); `*name` holds the rest of the path, `/`-joined. */
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  /** The raw body (empty when none); 413 `payload_too_large` over the route's `bodyLimit`. */
  body(): Promise<Buffer>;
  /**
   * The body as JSON: `undefined` when empty; 415 `unsupported_media_type` when it is not sent
   * as JSON; 400 `invalid_json` naming the line and column of the first error.
   */
  json(): Promise<unknown>;
}

/** What a route answers. `body` is sent as JSON unless it is a string or bytes. */
export interface HttpResponse {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** Event and run ids this request touched: written on its request log line. */
  readonly ids?: { readonly events?: readonly string[]; readonly runs?: readonly string[] };
}

interface RouteBase {
  /** `GET`, `POST`, …; `*` any method, tried only when no route names the method. */
  readonly method: string;
  /** `/v1/actions/runs/:runId`; a last segment `*rest` takes the rest of the path (0+ segments). */
  readonly pattern: string;
}

/** A route that takes a parsed request and returns a response (no Node objects). */
export interface HandlerRoute extends RouteBase {
  /** Largest body `request.body()` / `request.json()` accept (default 1 MiB). */
  readonly bodyLimit?: number;
  handle(request: HttpRequest): Promise<HttpResponse>;
}

/** A route served by Node middleware that writes the response itself (Probot's webhooks). */
export interface NodeRoute extends RouteBase {
  serve(req: IncomingMessage, res: ServerResponse): Promise<void>;
}

export type Route = HandlerRoute | NodeRoute;

/** Port refuses bodies over 1 MiB. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;
