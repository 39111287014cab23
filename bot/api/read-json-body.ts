import type { IncomingMessage } from 'node:http';
import { BodyTooLargeError, readBody } from '../http/read-body.js';
import { parseJsonBody } from '../http/parse-json-body.js';
import { ApiError } from './api-error.js';

/** Port refuses bodies over 1 MiB. */
export const MAX_BODY_BYTES = 1024 * 1024;

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/**
 * Reads a JSON request body: `undefined` when there is none. Refusals: 413
 * `payload_too_large`, 415 `unsupported_media_type`, 400 `invalid_json` with the parser's
 * position.
 */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  let raw: Buffer;
  try {
    raw = await readBody(req, MAX_BODY_BYTES);
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      throw new ApiError(
        413,
        'payload_too_large',
        `the body is larger than ${MAX_BODY_BYTES} bytes (1 MiB)`,
        {},
        // The rest of the body is not read: the connection cannot carry another request.
        { connection: 'close' },
      );
    }
    throw error;
  }
  if (raw.length === 0) return undefined;
  const type = req.headers['content-type'] ?? '';
  if (!JSON_TYPE.test(type)) {
    throw new ApiError(
      415,
      'unsupported_media_type',
      `send the body as JSON with content-type: application/json${type === '' ? '' : `, not ${type}`}`,
    );
  }
  const text = raw.toString('utf8');
  if (text.trim() === '') return undefined;
  const json = parseJsonBody(text);
  if (!json.ok) throw new ApiError(400, 'invalid_json', json.message);
  return json.value;
}
