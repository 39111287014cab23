import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JqEngine } from '../../../core/jq/jq-engine.js';
import { renderTemplate } from '../../../core/template/render-template.js';
import type { RenderResult } from '../../../core/template/render-template.js';
import { createJqEngine } from '../../../core/jq/create-jq-engine.js';
import { JQ_VERSION_DIFFERENCES } from '../../../testkit/jq-version-differences.js';
import {
  CORPUS_PER_CATEGORY,
  CORPUS_SEED,
  knownDifferenceIn,
  outcomeValue,
  readPortGolden,
  samplesFor,
  SOUP_SIZE,
  type PortOutcome,
} from './port-golden.js';
import { generateBraceSoup, generateTemplateCorpus } from '../../../testkit/template-corpus.js';
import type { CorpusCase } from '../../../testkit/template-corpus.js';
import { TRIGGER_DATA_SAMPLES } from './trigger-data-samples.js';

// Port's answers come from golden/port-renderer.json (`npm run golden:port` records them).
const golden = readPortGolden();
const REGENERATE =
  'the corpus changed since golden/port-renderer.json was recorded: run `npm run golden:port`';

/** A string that differs whenever values, types, undefined-vs-null or key order differ. */
function canonical(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

const PORT_NULL_SPREAD = 'Cannot convert undefined or null to object';

/** Returns why our result disagrees with Port's, or null when it agrees. */
function compare(ours: RenderResult, lenient: PortOutcome, strict: PortOutcome): string | null {
  const structural = ours.errors.filter((e) => e.kind !== 'jq');
  if (lenient.ok) {
    const expected = outcomeValue(lenient);
    if (canonical(ours.value) !== canonical(expected)) {
      return `value: ours ${canonical(ours.value)} port ${canonical(expected)}`;
    }
    if (structural.length > 0) return `unexpected error: ${structural[0]!.message}`;
  } else {
    const first = structural[0];
    if (first === undefined) return `port threw "${lenient.message}", we reported nothing`;
    const nullSpread = lenient.message === PORT_NULL_SPREAD && first.kind === 'spread-type';
    if (!nullSpread && first.message !== lenient.message) {
      return `error: ours "${first.message}" port "${lenient.message}"`;
    }
  }
  const first = ours.errors[0];
  if (strict.ok) return first === undefined ? null : `unexpected error: ${first.message}`;
  if (first === undefined)
    return `port threw "${strict.message}" with throwOnError, we reported nothing`;
  if (strict.name === 'JqExecCompileError')
    return first.jqKind === 'compile' ? null : `not a compile error: ${first.message}`;
  if (strict.name === 'JqExecError')
    return first.jqKind === 'runtime' ? null : `not a runtime error: ${first.message}`;
  if (strict.message === PORT_NULL_SPREAD)
    return first.kind === 'spread-type' ? null : `not a spread error`;
  return first.message === strict.message
    ? null
    : `strict error: ours "${first.message}" port "${strict.message}"`;
}

describe("renderTemplate agrees with Port's renderRecursively (recorded)", () => {
  const corpus: CorpusCase[] = generateTemplateCorpus(CORPUS_SEED, CORPUS_PER_CATEGORY);
  let jq: JqEngine;
  beforeAll(async () => {
    jq = createJqEngine();
  });
  afterAll(() => jq.close());

  it('was recorded on the current corpus, samples and brace soup', () => {
    const samples = Object.entries(TRIGGER_DATA_SAMPLES);
    const expected = corpus.flatMap((testCase, index) =>
      knownDifferenceIn(testCase.template) === undefined
        ? samplesFor(testCase, index, samples).map(([sample]) => ({
            id: testCase.id,
            template: testCase.template,
            sample,
          }))
        : [],
    );
    const recorded = golden.cases.map(({ id, template, sample }) => ({ id, template, sample }));
    expect(recorded, REGENERATE).toEqual(expected);
    expect(golden.samples, REGENERATE).toEqual(TRIGGER_DATA_SAMPLES);
    expect(
      golden.soup.cases.map((c) => c.text),
      REGENERATE,
    ).toEqual(generateBraceSoup(CORPUS_SEED, SOUP_SIZE));
    expect(golden.cases.length).toBeGreaterThan(500);
  });

  it('on every generated template and trigger-data sample', async () => {
    const mismatches: string[] = [];
    for (const testCase of golden.cases) {
      const ours = await renderTemplate(testCase.template, golden.samples[testCase.sample], jq);
      const problem = compare(ours, testCase.lenient, testCase.strict);
      if (problem !== null) {
        mismatches.push(
          `${testCase.id} × ${testCase.sample}: ${JSON.stringify(testCase.template)}\n    ${problem}`,
        );
      }
    }
    expect(mismatches.slice(0, 30)).toEqual([]);
  }, 120_000);

  it.each(JQ_VERSION_DIFFERENCES)(
    'differs only as documented on $expression',
    async (difference) => {
      const template = `{{ ${difference.expression} }}`;
      const ours = await renderTemplate(template, { n: 1 }, jq);
      const port = golden.versionDifferences.find((d) => d.expression === difference.expression);
      expect(port, REGENERATE).toBeDefined();
      expect(port!.port.ok).toBe(true);
      expect(outcomeValue(port!.port as PortOutcome & { ok: true })).toStrictEqual(difference.port);
      expect(ours.value).toStrictEqual(difference.ours);
      expect(ours.errors.length > 0).toBe(difference.oursFails);
    },
  );

  it('leaves out only the cases that use a documented jq difference', () => {
    const excluded = corpus.filter(
      (testCase) => knownDifferenceIn(testCase.template) !== undefined,
    );
    expect(excluded.map((testCase) => testCase.category)).toEqual(
      JQ_VERSION_DIFFERENCES.map(() => 'jq-version'),
    );
  });

  it('on random strings of braces, quotes and backslashes', async () => {
    const soup = golden.soup.cases.map((c) => c.text);
    const ours = await renderTemplate(soup, golden.samples[golden.soup.sample], jq);
    const rendered = ours.value as unknown[];
    const mismatches: string[] = [];
    golden.soup.cases.forEach(({ text, port: expected }, i) => {
      const braces = ours.errors.find((e) => e.segments[0] === i && e.kind === 'braces');
      const problem = expected.ok
        ? canonical(rendered[i]) !== canonical(outcomeValue(expected)) || braces !== undefined
          ? `ours ${canonical(rendered[i])} ${braces?.message ?? ''} port ${canonical(outcomeValue(expected))}`
          : null
        : braces?.message !== expected.message
          ? `ours "${braces?.message}" port "${expected.message}"`
          : null;
      if (problem !== null) mismatches.push(`${JSON.stringify(text)}: ${problem}`);
    });
    expect(mismatches.slice(0, 30)).toEqual([]);
  });
});
