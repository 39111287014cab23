import type { IncomingHttpHeaders } from 'node:http';
import { authenticate } from '../api/authenticate.js';
import type { BotConfig } from '../config/read-config.js';

/**
 * Whether a page may be shown without logging in first: when the API would accept this
 * caller's read (open API, or a valid session cookie or Bearer token). The page's JSON calls
 * are checked again by the API; this only decides between the page (200) and the login
 * form (401).
 */
export function mayOpenPages(
  request: { readonly headers: IncomingHttpHeaders },
  config: BotConfig,
  nowMs: number,
): boolean {
  try {
    authenticate({ headers: request.headers, method: 'GET' }, config, nowMs);
    return true;
  } catch {
    return false;
  }
}
