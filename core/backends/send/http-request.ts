import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isBlockedAddress } from './is-blocked-address.js';

export interface HttpRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly timeoutMs: number;
  /** Allow link-local and cloud metadata destinations (refused by default). */
  readonly allowMetadataAddresses?: boolean;
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
 * One HTTP(S) request with a timeout, a bounded response body, and a DNS guard that
 * refuses link-local and cloud metadata addresses (169.254.0.0/16, fd00:ec2::254) unless
 * allowed — checked on the resolved address, so a hostname cannot smuggle one in.
 */
export function httpRequestOnce(options: HttpRequest): Promise<HttpResponse> {
  const url = new URL(options.url);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const max = options.maxResponseBytes ?? 1 << 20;
  const lookup = (hostname: string, opts: object, callback: (...args: unknown[]) => void) => {
    dnsLookup(hostname, { ...opts, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error);
      const blocked = addresses.find((a) => isBlockedAddress(a.address));
      if (blocked && !options.allowMetadataAddresses) {
        return callback(
          new HttpRequestError(
            `refused to connect to ${hostname} (${blocked.address}): link-local and cloud metadata addresses are blocked; allow them in configuration if this is intended`,
            false,
          ),
        );
      }
      const all = (opts as { all?: boolean }).all;
      if (all) callback(null, addresses);
      else callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
  return new Promise((resolve, reject) => {
    if (isBlockedAddress(url.hostname.replace(/^\[|\]$/g, '')) && !options.allowMetadataAddresses) {
      reject(
        new HttpRequestError(
          `refused to connect to ${url.hostname}: link-local and cloud metadata addresses are blocked; allow them in configuration if this is intended`,
          false,
        ),
      );
      return;
    }
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
        lookup: lookup as never,
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
