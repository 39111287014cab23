import { loadDefinitionFiles } from '../core/definitions/load-definition-files.js';
import { parseDefinitionSource } from '../core/definitions/parse-definition-source.js';
import { isRecord } from '../core/definitions/rule-context.js';
import { collectJqSites } from '../core/definitions/rules/template-expressions.js';
import { compileFast } from '../core/jq/compile-fast.js';
import { createJqEngine } from '../core/jq/create-jq-engine.js';
import type { JqEngine } from '../core/jq/jq-engine.js';
import { collectTemplateExpressions } from '../core/template/collect-template-expressions.js';
import { generateTemplateCorpus } from '../testkit/template-corpus.js';
import type { BenchRow } from './bench-row.js';

async function share(
  expressions: readonly string[],
  jq: JqEngine,
): Promise<{ covered: number; invalid: number; total: number }> {
  const unique = [...new Set(expressions)];
  const rest = unique.filter((e) => compileFast(e) === null);
  // Compile errors are checked once when definitions load and answered from the engine's
  // verdict cache afterwards: they never cost a jq run per event.
  const verdicts = rest.length ? await jq.check(rest) : [];
  const invalid = verdicts.filter((v) => v !== null).length;
  return { covered: unique.length - rest.length, invalid, total: unique.length };
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
  const jq = createJqEngine();
  for (const [name, expressions] of [
    ['automations/ examples: conditions and template blocks', examples],
    ['differential template corpus', corpus],
  ] as const) {
    const { covered, invalid, total } = await share(expressions, jq);
    rows.push({
      name,
      value: (100 * covered) / total,
      unit: '%',
      note: `${covered} of ${total} distinct expressions compile on the fast path`,
    });
    rows.push({
      name: `${name}: no jq-wasm run per event`,
      value: (100 * (covered + invalid)) / total,
      unit: '%',
      note: `fast path, plus ${invalid} compile errors answered from the verdict cache; ${total - covered - invalid} valid expressions still need jq-wasm`,
    });
  }
  await jq.close();
  return rows;
}
