import { isSpreadKey } from './is-spread-key.js';
import { rewriteSingleQuotes } from './rewrite-single-quotes.js';
import { scanTemplate } from './scan-template.js';
import type { TemplateScan } from './scan-template.js';

/**
 * Every distinct jq expression in a template tree (keys and values, in document order),
 * as it will be evaluated: after the single-quote rewrite. Strings with brace errors
 * contribute nothing. `scans` caches each string's scan for a later pass.
 */
export function collectTemplateExpressions(
  template: unknown,
  scans: Map<string, TemplateScan> = new Map(),
): string[] {
  const expressions = new Set<string>();
  const visitString = (text: string): void => {
    let scan = scans.get(text);
    if (scan === undefined) {
      scan = scanTemplate(text);
      scans.set(text, scan);
    }
    if (scan.ok) for (const block of scan.blocks) expressions.add(rewriteSingleQuotes(block.jq));
  };
  const visit = (node: unknown): void => {
    if (typeof node === 'string') visitString(node);
    else if (Array.isArray(node)) for (const item of node) visit(item);
    else if (typeof node === 'object' && node !== null) {
      for (const [key, value] of Object.entries(node)) {
        if (!isSpreadKey(key)) visitString(key);
        visit(value);
      }
    }
  };
  visit(template);
  return [...expressions];
}
