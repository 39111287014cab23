import { describe, expect, it } from 'vitest';
import { maskSecrets } from '../../../core/template/mask-secrets.js';

describe('maskSecrets', () => {
  it('masks with the set it is given each time, whatever sets came before (the forms are cached per set)', () => {
    const text = 'alpha-secret beta-secret';
    expect(maskSecrets(text, ['alpha-secret'])).toBe('*** beta-secret');
    expect(maskSecrets(text, ['beta-secret'])).toBe('alpha-secret ***');
    expect(maskSecrets(text, ['alpha-secret', 'beta-secret'])).toBe('*** ***');
    // Sets that join to the same text are still different sets.
    expect(maskSecrets('a\u0000b a', ['a\u0000b'])).toBe('*** a');
    expect(maskSecrets('a\u0000b a', ['a', 'b'])).toBe('***\u0000*** ***');
    for (let i = 0; i < 100; i++) expect(maskSecrets(`x${i}y`, [`${i}`])).toBe('x***y');
    expect(maskSecrets(text, ['alpha-secret'])).toBe('*** beta-secret');
    expect(maskSecrets(text, [])).toBe(text);
  });

  it('masks every occurrence inside strings of a nested value', () => {
    const value = { url: 'https://x?token=s3cr3t&again=s3cr3t', list: ['Bearer s3cr3t', 42, null] };
    expect(maskSecrets(value, ['s3cr3t'])).toEqual({
      url: 'https://x?token=***&again=***',
      list: ['Bearer ***', 42, null],
    });
  });

  it('masks secrets inside object keys', () => {
    expect(maskSecrets({ 'key-s3cr3t': 'v' }, ['s3cr3t'])).toEqual({ 'key-***': 'v' });
  });

  it('masks a plain string', () => {
    expect(maskSecrets('token s3cr3t', ['s3cr3t'])).toBe('token ***');
  });

  it('hides a secret that contains another one whole', () => {
    expect(maskSecrets('abcdef', ['cd', 'abcdef'])).toBe('***');
  });

  it('collapses overlapping secrets so that no fragment survives', () => {
    expect(maskSecrets('xabcdy', ['abc', 'bcd'])).toBe('x***y');
  });

  it('masks the JSON-escaped and URL-encoded forms of a secret', () => {
    const secret = 'p"a ss/';
    const serialized = JSON.stringify({ password: secret });
    expect(maskSecrets([serialized, `?q=${encodeURIComponent(secret)}`], [secret])).toEqual([
      '{"password":"***"}',
      '?q=***',
    ]);
  });

  it('treats regular expression characters in a secret literally', () => {
    expect(maskSecrets('a.b a*b', ['a*b'])).toBe('a.b ***');
  });

  it('ignores empty secrets and leaves other values untouched', () => {
    const value = { a: 'text', n: 1, b: true };
    expect(maskSecrets(value, [''])).toEqual(value);
  });

  it('does not modify its input', () => {
    const value = { a: ['s3cr3t'] };
    maskSecrets(value, ['s3cr3t']);
    expect(value).toEqual({ a: ['s3cr3t'] });
  });
});

describe('maskSecrets: encoded forms (regression, chaos suite figure 7)', () => {
  const secret = 'hunter2-S3cr3t!';
  it('masks the base64 form inside a Basic authorization header, at any alignment', () => {
    for (const user of ['a', 'ab', 'abc', 'user']) {
      const header = `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`;
      const masked = maskSecrets(header, [secret]);
      expect(masked).toContain('***');
      // What is left cannot be decoded back to the secret.
      const left = masked.replace('Basic ', '').replace('***', '');
      expect(Buffer.from(left, 'base64').toString('latin1')).not.toContain(secret.slice(0, 6));
    }
  });

  it('masks the plain and base64url forms', () => {
    const text = `${Buffer.from(secret).toString('base64')} ${Buffer.from(`x${secret}`).toString('base64url')}`;
    expect(maskSecrets(text, [secret])).not.toMatch(/[A-Za-z0-9+/_-]{12,}/);
  });

  it('masks form-style and lower-case URL encodings', () => {
    const spaced = 'pass word/é';
    const form = new URLSearchParams({ p: spaced }).toString();
    const lower = encodeURIComponent(spaced).replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase());
    expect(maskSecrets([form, lower], [spaced])).toEqual(['p=***', '***']);
  });

  it('leaves short derived forms of a one-character secret alone', () => {
    expect(maskSecrets('Zm9v bar', ['x'])).toBe('Zm9v bar');
  });
});
