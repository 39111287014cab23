/**
 * Sent with every page and asset of the web UI. The page loads only its own script and
 * stylesheet (no inline script or style, no CDN), talks only to this server, and may not be
 * framed.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const UI_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
};

/** Hashed asset names change with their content: cache for a year. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** The page names the current assets: always ask again. */
export const NO_CACHE = 'no-cache';
