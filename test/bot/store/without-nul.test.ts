import { describe, expect, it } from 'vitest';
import { withoutNul } from '../../../bot/store/without-nul.js';

describe('withoutNul', () => {
  it('returns the very value it was given when no string holds U+0000', () => {
    const value = { a: ['x', { b: 1, c: null }], d: 'text', e: true };
    expect(withoutNul(value)).toBe(value);
    expect(withoutNul('plain')).toBe('plain');
    expect(withoutNul(null)).toBeNull();
  });

  it('replaces U+0000 in strings, keys and nested values, copying only what holds one', () => {
    const untouched = { k: 'v' };
    const value = { first: 'a', 'key\u0000': ['ok', 'b\u0000c'], untouched, last: 2 };
    const replaced = withoutNul(value);
    expect(replaced).toEqual({ first: 'a', 'key\ufffd': ['ok', 'b\ufffdc'], untouched, last: 2 });
    expect(Object.keys(replaced)).toEqual(['first', 'key\ufffd', 'untouched', 'last']);
    expect(replaced.untouched).toBe(untouched);
    expect(value['key\u0000']).toEqual(['ok', 'b\u0000c']);
  });

  it('keeps a __proto__ key an own property of the copy', () => {
    const value = JSON.parse('{"__proto__": {"polluted": "x\\u0000"}}') as Record<string, unknown>;
    const replaced = withoutNul(value);
    expect(Object.getPrototypeOf(replaced)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(replaced, '__proto__')?.value).toEqual({
      polluted: 'x\ufffd',
    });
  });
});
