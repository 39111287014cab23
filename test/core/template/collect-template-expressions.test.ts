import { describe, expect, it } from 'vitest';
import { collectTemplateExpressions } from '../../../core/template/collect-template-expressions.js';
import type { TemplateScan } from '../../../core/template/scan-template.js';

describe('collectTemplateExpressions', () => {
  it('lists the jq of keys and values in document order, each once', () => {
    const template = {
      url: 'https://x/{{ .run.id }}',
      '{{ .k }}': ['{{ .a }}', { b: 'x {{ .a }} {{.b}}' }],
      n: 1,
    };
    expect(collectTemplateExpressions(template)).toEqual([' .run.id ', ' .k ', ' .a ', '.b']);
  });

  it('returns the text after the single-quote rewrite', () => {
    expect(collectTemplateExpressions("{{'a' + .b}}")).toEqual(['"a" + .b']);
  });

  it('skips spreadValue() keys but collects their values', () => {
    expect(collectTemplateExpressions({ '{{ spreadValue() }}': '{{ .inputs }}' })).toEqual([
      ' .inputs ',
    ]);
  });

  it('contributes nothing for a string with a brace error', () => {
    expect(collectTemplateExpressions(['{{ .a', '{{ .b }}'])).toEqual([' .b ']);
  });

  it('records the scan of every string it visits', () => {
    const scans = new Map<string, TemplateScan>();
    collectTemplateExpressions({ k: 'plain' }, scans);
    expect([...scans.keys()]).toEqual(['k', 'plain']);
  });
});
