import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { JQ_VERSION_DIFFERENCES } from '../../../testkit/jq-version-differences.js';
import type { CorpusCase } from '../../../testkit/template-corpus.js';

/**
 * Port's renderer's answers (`renderRecursively` of @port-labs/jq-node-bindings) on our
 * template corpus, recorded by `npm run golden:port` (scripts/generate-port-golden.ts) so
 * that the differential test needs no native addon.
 */
export const PORT_GOLDEN_FILE = join(import.meta.dirname, 'golden/port-renderer.json');

export const CORPUS_SEED = 20240609;
export const CORPUS_PER_CATEGORY = 16;
export const SOUP_SIZE = 3000;
export const SOUP_SAMPLE = 'entityUpdated';

/** What one call of Port's renderer did: a value (`undefined` kept as `{ undefined: true }`) or a throw. */
export type PortOutcome =
  { ok: true; value?: unknown; undefined?: true } | { ok: false; name: string; message: string };

export interface PortGoldenCase {
  readonly id: string;
  readonly category: string;
  readonly template: unknown;
  /** A key of `samples`: the trigger data rendered. */
  readonly sample: string;
  readonly strict: PortOutcome;
  readonly lenient: PortOutcome;
}

export interface PortGolden {
  readonly generatedWith: string;
  readonly seed: number;
  readonly perCategory: number;
  readonly samples: Readonly<Record<string, unknown>>;
  readonly cases: readonly PortGoldenCase[];
  /** Port's value for each documented jq 1.6 / 1.8 difference (`{{ expression }}` on `{ n: 1 }`). */
  readonly versionDifferences: readonly { expression: string; port: PortOutcome }[];
  readonly soup: {
    readonly sample: string;
    readonly cases: readonly { text: string; port: PortOutcome }[];
  };
}

export function readPortGolden(): PortGolden {
  return JSON.parse(readFileSync(PORT_GOLDEN_FILE, 'utf8')) as PortGolden;
}

const UNDEFINED = { $undefined: true };

/**
 * JSON loses `undefined` (a dropped key, a `null` in an array) and non-finite numbers (`null`):
 * keep them as `{ $undefined: true }` and `{ $number: "Infinity" }`.
 */
export function encodeValue(value: unknown): unknown {
  if (value === undefined) return UNDEFINED;
  if (typeof value === 'number' && !Number.isFinite(value)) return { $number: String(value) };
  if (Array.isArray(value)) return value.map(encodeValue);
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encodeValue(v)]));
  return value;
}

function decodeValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decodeValue);
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value);
    if (entries.length === 1 && entries[0]![0] === '$undefined') return undefined;
    if (entries.length === 1 && entries[0]![0] === '$number') return Number(entries[0]![1]);
    return Object.fromEntries(entries.map(([k, v]) => [k, decodeValue(v)]));
  }
  return value;
}

/** The value an outcome stands for, `undefined`s restored. */
export function outcomeValue(outcome: PortOutcome & { ok: true }): unknown {
  return decodeValue(outcome.value);
}

/** Data-dependent categories meet every sample; the others rotate through two of them. */
const SAMPLES_PER_CATEGORY: Readonly<Record<string, number>> = { key: 8, expression: 4 };
const DEFAULT_SAMPLES = 2;

export function samplesFor<T>(testCase: CorpusCase, index: number, samples: readonly T[]): T[] {
  const count = Math.min(
    samples.length,
    SAMPLES_PER_CATEGORY[testCase.category] ?? DEFAULT_SAMPLES,
  );
  return Array.from({ length: count }, (_, i) => samples[(index * count + i) % samples.length]!);
}

/** Why a case is left out of the comparison: it uses an expression jq 1.6 and 1.8 disagree on. */
export function knownDifferenceIn(template: unknown): string | undefined {
  const text = JSON.stringify(template);
  const found = JQ_VERSION_DIFFERENCES.find((d) =>
    text.includes(JSON.stringify(d.expression).slice(1, -1)),
  );
  return found?.reason;
}
