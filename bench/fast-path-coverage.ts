import { loadDefinitionFiles } from '../core/definitions/load-definition-files.js';
import { parseDefinitionSource } from '../core/definitions/parse-definition-source.js';
import { isRecord } from '../core/definitions/rule-context.js';
import { collectJqSites } from '../core/definitions/rules/template-expressions.js';
import { compileFast } from '../core/jq/compile-fast.js';
import { collectTemplateExpressions } from '../core/template/collect-template-expressions.js';
import { generateTemplateCorpus } from '../test/core/template/template-corpus.js';
import type { BenchRow } from './bench-row.js';

function share(expressions: readonly string[]): { covered: number; total: number } {
  const unique = [...new Set(expressions)];
  return { covered: unique.filter((e) => compileFast(e) !== null).length, total: unique.length };
}

/** The share of distinct jq expressions the JavaScript fast path compiles (the rest go to jq-wasm). */
export async function runFastPathCoverage(): Promise<BenchRow[]> {
  const files = await loadDefinitionFiles(['automations']);
  const examples: string[] = [];
  for (const { file, text } of files) {
    const source = parseDefinitionSource(file, text);
    if (!isRecord(source.value)) continue;
    const context = { source, definition: source.value, report: () => undefined };
    for (const site of collectJqSites(context)) examples.push(site.expression);
  }
  const corpus = generateTemplateCorpus(1, 40).flatMap((c) =>
    collectTemplateExpressions(c.template),
  );
  const rows: BenchRow[] = [];
  for (const [name, expressions] of [
    ['automations/ examples: conditions and template blocks', examples],
    ['differential template corpus', corpus],
  ] as const) {
    const { covered, total } = share(expressions);
    rows.push({
      name,
      value: (100 * covered) / total,
      unit: '%',
      note: `${covered} of ${total} distinct expressions`,
    });
  }
  return rows;
}
