import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JqEngine } from '../../../core/jq/jq-engine.js';
import { renderTemplate } from '../../../core/template/render-template.js';
import type { RenderResult } from '../../../core/template/render-template.js';
import { createJqEngine } from '../../../core/jq/create-jq-engine.js';
import { JQ_VERSION_DIFFERENCES } from './jq-version-differences.js';
import { generateBraceSoup, generateTemplateCorpus } from './template-corpus.js';
import type { CorpusCase } from './template-corpus.js';
import { TRIGGER_DATA_SAMPLES } from './trigger-data-samples.js';

// The native addon is not context-aware: this file is the only place that loads it.
interface PortBindings {
  renderRecursively(
    data: unknown,
    template: unknown,
    options?: { throwOnError?: boolean },
  ): unknown;
}
const port = createRequire(import.meta.url)('@port-labs/jq-node-bindings') as PortBindings;

const SEED = 20240609;
const PER_CATEGORY = 16;
const SOUP_SIZE = 3000;

type PortOutcome = { ok: true; value: unknown } | { ok: false; name: string; message: string };

function runPort(data: unknown, template: unknown, throwOnError: boolean): PortOutcome {
  try {
    return { ok: true, value: port.renderRecursively(data, template, { throwOnError }) };
  } catch (error) {
    const { name, message, constructor } = error as Error;
    return { ok: false, name: constructor?.name ?? name, message };
  }
}

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
    if (canonical(ours.value) !== canonical(lenient.value)) {
      return `value: ours ${canonical(ours.value)} port ${canonical(lenient.value)}`;
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

/** Data-dependent categories meet every sample; the others rotate through two of them. */
const SAMPLES_PER_CATEGORY: Readonly<Record<string, number>> = { key: 8, expression: 4 };
const DEFAULT_SAMPLES = 2;

function samplesFor<T>(testCase: CorpusCase, index: number, samples: readonly T[]): T[] {
  const count = Math.min(
    samples.length,
    SAMPLES_PER_CATEGORY[testCase.category] ?? DEFAULT_SAMPLES,
  );
  return Array.from({ length: count }, (_, i) => samples[(index * count + i) % samples.length]!);
}

/** Why a case is left out of the comparison: it uses an expression jq 1.6 and 1.8 disagree on. */
function knownDifferenceIn(template: unknown): string | undefined {
  const text = JSON.stringify(template);
  const found = JQ_VERSION_DIFFERENCES.find((d) =>
    text.includes(JSON.stringify(d.expression).slice(1, -1)),
  );
  return found?.reason;
}

describe("renderTemplate agrees with Port's renderRecursively", () => {
  const corpus: CorpusCase[] = generateTemplateCorpus(SEED, PER_CATEGORY);
  let jq: JqEngine;
  beforeAll(async () => {
    jq = createJqEngine();
  });
  afterAll(() => jq.close());

  it('on every generated template and trigger-data sample', async () => {
    const samples = Object.entries(TRIGGER_DATA_SAMPLES);
    const mismatches: string[] = [];
    const excluded = new Map<string, number>();
    let compared = 0;
    for (const [index, testCase] of corpus.entries()) {
      const reason = knownDifferenceIn(testCase.template);
      if (reason !== undefined) {
        excluded.set(reason, (excluded.get(reason) ?? 0) + 1);
        continue;
      }
      for (const [sample, data] of samplesFor(testCase, index, samples)) {
        const ours = await renderTemplate(testCase.template, data, jq);
        const strict = runPort(data, testCase.template, true);
        // Without a throw, throwOnError changes nothing: skip the second, slow native render.
        const lenient = strict.ok ? strict : runPort(data, testCase.template, false);
        compared++;
        const problem = compare(ours, lenient, strict);
        if (problem !== null) {
          mismatches.push(
            `${testCase.id} × ${sample}: ${JSON.stringify(testCase.template)}\n    ${problem}`,
          );
        }
      }
    }
    console.log(
      `compared ${compared} renders of ${corpus.length} templates; excluded`,
      Object.fromEntries(excluded),
    );
    expect(mismatches.slice(0, 30)).toEqual([]);
  }, 120_000);

  it.each(JQ_VERSION_DIFFERENCES)(
    'differs only as documented on $expression',
    async (difference) => {
      const template = `{{ ${difference.expression} }}`;
      const data = { n: 1 };
      const ours = await renderTemplate(template, data, jq);
      expect(port.renderRecursively(data, template)).toStrictEqual(difference.port);
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
    const soup = generateBraceSoup(SEED, SOUP_SIZE);
    const data = TRIGGER_DATA_SAMPLES.entityUpdated;
    const ours = await renderTemplate(soup, data, jq);
    const rendered = ours.value as unknown[];
    const mismatches: string[] = [];
    soup.forEach((text, i) => {
      const braces = ours.errors.find((e) => e.segments[0] === i && e.kind === 'braces');
      const expected = runPort(data, text, false);
      const problem = expected.ok
        ? canonical(rendered[i]) !== canonical(expected.value) || braces !== undefined
          ? `ours ${canonical(rendered[i])} ${braces?.message ?? ''} port ${canonical(expected.value)}`
          : null
        : braces?.message !== expected.message
          ? `ours "${braces?.message}" port "${expected.message}"`
          : null;
      if (problem !== null) mismatches.push(`${JSON.stringify(text)}: ${problem}`);
    });
    expect(mismatches.slice(0, 30)).toEqual([]);
  });
});
