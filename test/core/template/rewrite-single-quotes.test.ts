import { describe, expect, it } from 'vitest';
import { rewriteSingleQuotes } from '../../../core/template/rewrite-single-quotes.js';

describe('rewriteSingleQuotes', () => {
  it('turns a single-quoted string at the start into a double-quoted one', () => {
    expect(rewriteSingleQuotes("'https://url.' + .foo")).toBe('"https://url." + .foo');
  });

  it('rewrites quotes that follow or precede whitespace', () => {
    expect(rewriteSingleQuotes(" .a + 'b' ")).toBe(' .a + "b" ');
  });

  it('keeps an apostrophe inside a word', () => {
    expect(rewriteSingleQuotes('"it\'s" ')).toBe('"it\'s" ');
  });

  it('keeps a quote next to a double quote', () => {
    expect(rewriteSingleQuotes(`"'" `)).toBe(`"'" `);
  });

  it('keeps a quote surrounded by whitespace', () => {
    expect(rewriteSingleQuotes(". + ' ' ")).toBe(". + ' ' ");
  });

  it('does not let one blank serve two quotes, like Port', () => {
    expect(rewriteSingleQuotes("'a' 'b'")).toBe(`"a" 'b"`);
  });

  it('rewrites a quote at the very end of the text', () => {
    expect(rewriteSingleQuotes("'a'")).toBe('"a"');
  });

  it('leaves text without single quotes unchanged', () => {
    expect(rewriteSingleQuotes('.a | tostring')).toBe('.a | tostring');
  });
});
