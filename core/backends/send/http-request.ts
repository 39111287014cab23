import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import {
  destinationRefusal,
  isMetadataName,
  type DestinationPolicy,
} from './destination-policy.js';
import { agentForOrigin } from './agent-for-origin.js';
import { isBlockedAddress } from './is-blocked-address.js';
import { systemResolve, type ResolvedAddress, type ResolveHost } from './resolve-host.js';

export interface HttpRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly timeoutMs: number;
  /** Allow link-local and cloud metadata destinations (refused by default). */
  readonly allowMetadataAddresses?: boolean;
  /**
   * Where the request may go, checked on every address the host resolves to before any
   * socket is opened (definition-controlled URLs). Unset: only link-local and metadata
   * addresses are refused (operator-configured URLs such as GITLAB_URL).
   */
  readonly destinations?: DestinationPolicy;
  /** Resolves the host name (default: the system resolver). */
  readonly resolve?: ResolveHost;
  /** Largest response body kept, in bytes (default 1 MiB); the rest is dropped. */
  readonly maxResponseBytes?: number;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly truncated: boolean;
}

export class HttpRequestError extends Error {
  constructor(
    message: string,
    /** Blocked destinations are not retried. */
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

/**
 * One HTTP(S) request with a timeout, a bounded response body, and a destination guard:
 * the host is resolved first and every address it resolves to is checked (against
 * `destinations`, else against link-local and cloud metadata addresses) before a socket is
 * opened; the connection then goes to the checked address, so a second DNS answer cannot
 * swap in another. Redirects are never followed.
 */
export async function httpRequestOnce(options: HttpRequest): Promise<HttpResponse> {
  const url = new URL(options.url);
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  const refusal = (address: string): string | undefined => {
    if (options.destinations) return destinationRefusal(hostname, address, options.destinations);
    if (options.allowMetadataAddresses || !isBlockedAddress(address)) return undefined;
    return `refused to connect to ${hostname === address ? hostname : `${hostname} (${address})`}: link-local and cloud metadata addresses are blocked; allow them in configuration if this is intended`;
  };
  if (isIP(hostname) !== 0 || isMetadataName(hostname)) {
    const refused = refusal(hostname);
    if (refused) throw new HttpRequestError(refused, false);
  }
  let addresses: ResolvedAddress[];
  try {
    addresses = await (options.resolve ?? systemResolve)(hostname);
  } catch (error) {
    throw new HttpRequestError(`cannot resolve ${hostname}: ${(error as Error).message}`, true);
  }
  for (const { address } of addresses) {
    const refused = refusal(address);
    if (refused) throw new HttpRequestError(refused, false);
  }
  const pinned = addresses[0]!;
  return sendTo(url, pinned, options);
}

function sendTo(url: URL, pinned: ResolvedAddress, options: HttpRequest): Promise<HttpResponse> {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const max = options.maxResponseBytes ?? 1 << 20;
  const lookup: LookupFunction = (_hostname, opts, callback) => {
    if (opts.all) callback(null, [pinned]);
    else callback(null, pinned.address, pinned.family);
  };
  return new Promise((resolve, reject) => {
    const req = send(
      url,
      {
        method: options.method,
        headers: {
          ...options.headers,
          ...(options.body !== undefined
            ? { 'Content-Length': String(Buffer.byteLength(options.body)) }
            : {}),
        },
        lookup,
        agent: agentForOrigin(url, pinned.address),
        timeout: options.timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        let truncated = false;
        res.on('data', (chunk: Buffer) => {
          if (size >= max) {
            truncated = true;
            return;
          }
          chunks.push(chunk);
          size += chunk.length;
        });
        res.on('end', () => {
          const body = Buffer.concat(chunks).subarray(0, max).toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body,
            truncated: truncated || size > max,
          });
        });
        res.on('error', (error) => reject(new HttpRequestError(error.message, true)));
      },
    );
    req.on('timeout', () =>
      req.destroy(new HttpRequestError(`no response within ${options.timeoutMs} ms`, true)),
    );
    req.on('error', (error) =>
      reject(error instanceof HttpRequestError ? error : new HttpRequestError(error.message, true)),
    );
    req.end(options.body);
  });
}

/** The response body as JSON when it parses, else as text. */
export function responseBody(response: HttpResponse): unknown {
  const type = String(response.headers['content-type'] ?? '');
  if (type.includes('json') || /^\s*[[{]/.test(response.body)) {
    try {
      return JSON.parse(response.body);
    } catch {
      // fall through: keep the text
    }
  }
  return response.body;
}
