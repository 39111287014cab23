import { describe, expect, it } from 'vitest';
import { scanTemplate } from '../../../core/template/scan-template.js';

const jqTexts = (text: string): string[] => {
  const scan = scanTemplate(text);
  if (!scan.ok) throw new Error(scan.error.message);
  return scan.blocks.map((block) => block.jq);
};

const errorOf = (text: string) => {
  const scan = scanTemplate(text);
  return scan.ok ? undefined : scan.error;
};

describe('scanTemplate', () => {
  it('finds no block in a plain string', () => {
    expect(scanTemplate('hello { world }')).toEqual({ ok: true, blocks: [] });
  });

  it('reports each block with the offsets of its braces and of its jq text', () => {
    expect(scanTemplate('a {{ .x }} b {{.y}}')).toEqual({
      ok: true,
      blocks: [
        { start: 2, end: 10, jqStart: 4, jqEnd: 8, jq: ' .x ' },
        { start: 13, end: 19, jqStart: 15, jqEnd: 17, jq: '.y' },
      ],
    });
  });

  it('extracts an empty block as empty jq text', () => {
    expect(jqTexts('{{}}')).toEqual(['']);
  });

  it('ignores braces inside double-quoted jq strings', () => {
    expect(jqTexts('{{ "}}" + "{{" }}')).toEqual([' "}}" + "{{" ']);
  });

  it('ignores braces inside single-quoted jq strings', () => {
    expect(jqTexts("{{ '}}' }}")).toEqual([" '}}' "]);
  });

  it('lets a double quote sit inside single quotes without closing them', () => {
    expect(jqTexts(`{{ '"}}' }}`)).toEqual([` '"}}' `]);
  });

  it('skips the character after a backslash inside a block', () => {
    expect(jqTexts('{{ "a\\"}}" }}')).toEqual([' "a\\"}}" ']);
  });

  it('does not treat a backslash outside a block as an escape', () => {
    expect(jqTexts('\\{{.a}}')).toEqual(['.a']);
  });

  it('does not treat quotes outside a block as quoting', () => {
    expect(jqTexts('"{{.a}}" \'{{.b}}\'')).toEqual(['.a', '.b']);
  });

  it('counts {{{ as one opener whose third brace belongs to the jq text', () => {
    expect(scanTemplate('{{{a: 1} }}')).toEqual({
      ok: true,
      blocks: [{ start: 0, end: 11, jqStart: 2, jqEnd: 9, jq: '{a: 1} ' }],
    });
  });

  it('counts }}} as one closer whose third brace is left outside the block', () => {
    expect(scanTemplate('{{ .a }}}x')).toEqual({
      ok: true,
      blocks: [{ start: 0, end: 8, jqStart: 2, jqEnd: 6, jq: ' .a ' }],
    });
  });

  it('treats adjacent blocks as two blocks', () => {
    expect(jqTexts('{{.a}}{{.b}}')).toEqual(['.a', '.b']);
  });

  it('rejects a nested opener with both indexes', () => {
    expect(errorOf('x {{ .a {{ .b }} }}')).toEqual({
      index: 8,
      message: 'Found double braces in index 8 inside other one in index 2',
    });
  });

  it('rejects four opening braces in a row as a nested opener', () => {
    expect(errorOf('{{{{ .a }}')?.message).toBe(
      'Found double braces in index 2 inside other one in index 0',
    );
  });

  it('rejects a closer without an opener, even in a string without {{', () => {
    expect(errorOf('a }} b')).toEqual({
      index: 2,
      message: 'Found closing double braces in index 2 without opening double braces',
    });
  });

  it('rejects four closing braces after a block as a stray closer', () => {
    expect(errorOf('{{ .a }}}}')?.message).toBe(
      'Found closing double braces in index 8 without opening double braces',
    );
  });

  it('rejects an unclosed opener at the index of its first brace', () => {
    expect(errorOf('abc {{ .a')).toEqual({
      index: 4,
      message: 'Found opening double braces in index 4 without closing double braces',
    });
  });

  it('rejects a block whose quote never closes as unclosed', () => {
    expect(errorOf('{{ "}} ')?.message).toBe(
      'Found opening double braces in index 0 without closing double braces',
    );
  });

  it('treats an escaped brace as the previous character of the next brace, like Port', () => {
    expect(errorOf('{{ \\{{ }}')?.message).toBe(
      'Found double braces in index 4 inside other one in index 0',
    );
  });
});
