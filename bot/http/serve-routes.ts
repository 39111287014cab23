import type { IncomingMessage, ServerResponse } from 'node:http';
import { newId } from '../../core/runs/new-run-id.js';
import type { Logger } from '../log/create-logger.js';
import { isStoreError } from '../store/store-error.js';
import { HttpError } from './http-error.js';
import {
  DEFAULT_BODY_LIMIT,
  type HandlerRoute,
  type HttpRequest,
  type HttpResponse,
  type Route,
} from './http-route.js';
import { matchRoute } from './match-route.js';
import { routeNotFound } from './route-not-found.js';
import { bodyAsJson, readBody } from './read-body.js';
import { sendJson } from './send-json.js';

const STORE_STATUS = {
  not_found: 404,
  run_exhausted: 422,
  invalid_request: 422,
  identifier_taken: 409,
  not_cancellable: 409,
} as const;

/**
 * The bot's one HTTP entry: matches `routes` (in order; see `bot/http/bot-routes.ts`), answers
 * 404/405 itself, turns `HttpError`/`StoreError` into Port's error shape and anything else
 * into a logged 500, and writes one request log line per request: method, path, status,
 * duration, the route's params and the event and run ids the request touched.
 */
export function serveRoutes(
  routes: readonly Route[],
  log: Logger,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const started = process.hrtime.bigint();
    const id = newId('req_');
    const line: Record<string, unknown> = { reqId: id, method: req.method ?? 'GET' };
    serve(routes, id, req, res, line)
      .catch((error: unknown) => {
        line.status = fail(res, error, log, line);
      })
      .finally(() => {
        line.ms = Number((process.hrtime.bigint() - started) / 1000n) / 1000;
        line.status ??= res.statusCode;
        const level = (line.status as number) >= 500 ? 'error' : 'info';
        log[level](line, `${String(line.method)} ${String(line.path)} ${String(line.status)}`);
      });
  };
}

async function serve(
  routes: readonly Route[],
  id: string,
  req: IncomingMessage,
  res: ServerResponse,
  line: Record<string, unknown>,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const path = url.pathname.length > 1 ? url.pathname.replace(/\/$/, '') : url.pathname;
  const method = req.method ?? 'GET';
  line.path = path;
  const match = matchRoute(routes, method, decodeSegments(path));
  if (match.kind === 'none') throw routeNotFound(method, path);
  if (match.kind === 'wrong-method') {
    const allow = match.allow.join(', ');
    throw new HttpError(
      405,
      'method_not_allowed',
      `${path} accepts ${allow}, not ${method}`,
      {},
      {
        allow,
      },
    );
  }
  const { route, params } = match;
  line.route = route.pattern;
  if (Object.keys(params).length > 0) line.params = params;
  if ('serve' in route) {
    await route.serve(req, res);
    return;
  }
  const request = parsedRequest(id, req, method, path, params, url.searchParams, route);
  let response: HttpResponse;
  try {
    response = await route.handle(request);
  } finally {
    // A body the route did not read is drained, so the connection can carry the next request.
    if (!request.bodyRead) req.resume();
  }
  if (response.ids?.events?.length) line.eventIds = response.ids.events;
  if (response.ids?.runs?.length) line.runIds = response.ids.runs;
  send(res, response);
}

function parsedRequest(
  id: string,
  req: IncomingMessage,
  method: string,
  path: string,
  params: Record<string, string>,
  query: URLSearchParams,
  route: HandlerRoute,
): HttpRequest & { readonly bodyRead: boolean } {
  let body: Promise<Buffer> | undefined;
  const limit = route.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const read = () => (body ??= readBody(req, limit));
  return {
    id,
    method,
    path,
    params,
    query,
    headers: req.headers,
    get bodyRead() {
      return body !== undefined;
    },
    body: read,
    json: async () => bodyAsJson(await read(), req.headers),
  };
}

function send(res: ServerResponse, response: HttpResponse): void {
  const { status, body, headers = {} } = response;
  if (typeof body === 'string' || Buffer.isBuffer(body)) {
    res.writeHead(status, { 'content-length': Buffer.byteLength(body), ...headers });
    res.end(body);
    return;
  }
  sendJson(res, status, body ?? { ok: status < 400 }, headers);
}

/** Answers a thrown refusal (or a 500 for anything else); returns the status sent. */
function fail(
  res: ServerResponse,
  error: unknown,
  log: Logger,
  line: Record<string, unknown>,
): number {
  if (res.headersSent) {
    log.error({ err: error, ...line }, 'request failed after its answer started');
    res.destroy();
    return 500;
  }
  if (error instanceof HttpError) {
    sendJson(
      res,
      error.status,
      { ok: false, error: error.code, message: error.message, ...error.extra },
      { ...error.headers },
    );
    return error.status;
  }
  if (isStoreError(error)) {
    const status = STORE_STATUS[error.code];
    sendJson(res, status, { ok: false, error: error.code, message: error.message });
    return status;
  }
  line.err = error;
  sendJson(res, 500, {
    ok: false,
    error: 'internal_error',
    message: 'the request failed; see the server log',
  });
  return 500;
}

/** Path segments, percent-decoded (an action identifier may hold an encoded `/`). */
function decodeSegments(path: string): string[] {
  return path
    .split('/')
    .slice(1)
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        throw new HttpError(
          400,
          'invalid_request',
          `the path segment "${segment}" is not valid percent-encoding`,
        );
      }
    });
}
