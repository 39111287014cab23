import { describe, expect, it } from 'vitest';
import { isSpreadKey } from '../../../core/template/is-spread-key.js';

describe('isSpreadKey', () => {
  it.each([
    '{{ spreadValue() }}',
    '{{spreadValue()}}',
    '  {{ spreadValue( ) }}\n',
    '{{\tspreadValue(\n)\t}}',
  ])('recognises %j', (key) => {
    expect(isSpreadKey(key)).toBe(true);
  });

  it.each([
    'x{{ spreadValue() }}',
    '{{ spreadValue }}',
    '{{ spreadvalue() }}',
    '{{ spread Value() }}',
    '{{ .a }}',
  ])('rejects %j', (key) => {
    expect(isSpreadKey(key)).toBe(false);
  });
});
