import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { HttpError } from './http-error.js';

/** `application/json`, `application/vnd.x+json`, with or without parameters. */
const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/**
 * The one body reader: raw bytes, refusing more than `limit` without buffering them
 * (413 `payload_too_large`; the connection is closed, as the rest is never read).
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const tooLarge = () =>
    new HttpError(
      413,
      'payload_too_large',
      `the body is larger than ${describeBytes(limit)}`,
      {},
      { connection: 'close' },
    );
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      req.resume();
      reject(tooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
    req.on('error', reject);
  });
}

/** 415 `unsupported_media_type` unless the request says its body is JSON. */
export function requireJsonType(headers: IncomingHttpHeaders): void {
  const type = headers['content-type'] ?? '';
  if (!JSON_TYPE.test(type)) {
    throw new HttpError(
      415,
      'unsupported_media_type',
      `send the body as JSON with content-type: application/json${type === '' ? '' : `, not ${type}`}`,
    );
  }
}

/**
 * Parses a body as JSON; 400 `invalid_json` with the parser's message and the line and
 * column it points at.
 */
export function parseJson(body: Buffer | string): unknown {
  const text = typeof body === 'string' ? body : body.toString('utf8');
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    throw new HttpError(
      400,
      'invalid_json',
      `the body is not valid JSON: ${locate(message, text)}`,
    );
  }
}

/**
 * A read body as JSON: `undefined` when there is none (or only whitespace); otherwise it must
 * be sent as JSON (415) and parse (400).
 */
export function bodyAsJson(raw: Buffer, headers: IncomingHttpHeaders): unknown {
  if (raw.length === 0) return undefined;
  requireJsonType(headers);
  const text = raw.toString('utf8');
  return text.trim() === '' ? undefined : parseJson(text);
}

/** Adds `(line L, column C)` to a V8 JSON message that names a position. */
function locate(message: string, text: string): string {
  const match = /position (\d+)/.exec(message);
  if (!match) return message;
  const position = Number(match[1]);
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  return `${message} (line ${line}, column ${column})`;
}

function describeBytes(limit: number): string {
  if (limit % (1 << 20) === 0) return `${limit >> 20} MiB`;
  return `${limit} bytes`;
}
