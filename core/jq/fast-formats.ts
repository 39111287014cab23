import { toJqJson } from './fast-values.js';

const text = (input: unknown): string => (typeof input === 'string' ? input : toJqJson(input));

const HTML: Record<string, string> = {
  '<': '&lt;',
  '>': '&gt;',
  '&': '&amp;',
  "'": '&apos;',
  '"': '&quot;',
};

/** jq's `@format`s the fast path models; each applies to `tostring` of its input. */
export const FORMATS: Readonly<Record<string, (input: unknown) => string>> = {
  text,
  json: (input) => toJqJson(input),
  base64: (input) => Buffer.from(text(input), 'utf8').toString('base64'),
  // Unreserved characters stay; every other byte of the UTF-8 text is percent-encoded.
  uri: (input) =>
    Array.from(Buffer.from(text(input), 'utf8'), (byte) => {
      const c = String.fromCharCode(byte);
      return /[A-Za-z0-9\-_.~]/.test(c)
        ? c
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    }).join(''),
  html: (input) => text(input).replace(/[<>&'"]/g, (c) => HTML[c] as string),
};
