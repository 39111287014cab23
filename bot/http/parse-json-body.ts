export type JsonBody =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly message: string };

/** Parses a raw request body as JSON; on failure the message carries the parser's position. */
export function parseJsonBody(body: Buffer | string): JsonBody {
  try {
    return { ok: true, value: JSON.parse(typeof body === 'string' ? body : body.toString('utf8')) };
  } catch (error) {
    return { ok: false, message: `the body is not valid JSON: ${(error as Error).message}` };
  }
}
