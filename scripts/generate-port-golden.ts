/**
 * Records Port's renderer's answers on the template corpus into
 * test/core/template/golden/port-renderer.json. A maintainer runs it by hand after changing
 * the corpus (testkit/template-corpus.ts), the trigger-data samples or the list of
 * jq version differences:
 *
 *   apt-get install -y autoconf automake libtool make g++ python3
 *   npm run golden:port
 *
 * It installs @port-labs/jq-node-bindings into a folder of its own (bench/port-renderer.ts),
 * never into the project's dependencies.
 */
import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import {
  loadPortRenderer,
  PORT_RENDERER_PACKAGE,
  type PortRenderer,
} from '../bench/port-renderer.js';
import { JQ_VERSION_DIFFERENCES } from '../testkit/jq-version-differences.js';
import {
  CORPUS_PER_CATEGORY,
  CORPUS_SEED,
  encodeValue,
  knownDifferenceIn,
  PORT_GOLDEN_FILE,
  samplesFor,
  SOUP_SAMPLE,
  SOUP_SIZE,
  type PortGolden,
  type PortGoldenCase,
  type PortOutcome,
} from '../test/core/template/port-golden.js';
import { generateBraceSoup, generateTemplateCorpus } from '../testkit/template-corpus.js';
import { TRIGGER_DATA_SAMPLES } from '../test/core/template/trigger-data-samples.js';

const loaded = loadPortRenderer();
if ('reason' in loaded) {
  console.error(loaded.reason);
  process.exit(1);
}
const port: PortRenderer = loaded.renderer;

function run(data: unknown, template: unknown, throwOnError: boolean): PortOutcome {
  try {
    const value = port.renderRecursively(data, template, { throwOnError });
    return { ok: true, value: encodeValue(value) };
  } catch (error) {
    const { name, message, constructor } = error as Error;
    return { ok: false, name: constructor?.name ?? name, message };
  }
}

const samples = Object.entries(TRIGGER_DATA_SAMPLES);
const cases: PortGoldenCase[] = [];
for (const [index, testCase] of generateTemplateCorpus(
  CORPUS_SEED,
  CORPUS_PER_CATEGORY,
).entries()) {
  if (knownDifferenceIn(testCase.template) !== undefined) continue;
  for (const [sample, data] of samplesFor(testCase, index, samples)) {
    const strict = run(data, testCase.template, true);
    // Without a throw, throwOnError changes nothing: the second render is the same.
    const lenient = strict.ok ? strict : run(data, testCase.template, false);
    cases.push({
      id: testCase.id,
      category: testCase.category,
      template: testCase.template,
      sample,
      strict,
      lenient,
    });
  }
}
const soupData = TRIGGER_DATA_SAMPLES[SOUP_SAMPLE];
const golden: PortGolden = {
  generatedWith: PORT_RENDERER_PACKAGE,
  seed: CORPUS_SEED,
  perCategory: CORPUS_PER_CATEGORY,
  samples: TRIGGER_DATA_SAMPLES,
  cases,
  versionDifferences: JQ_VERSION_DIFFERENCES.map((d) => ({
    expression: d.expression,
    port: run({ n: 1 }, `{{ ${d.expression} }}`, false),
  })),
  soup: {
    sample: SOUP_SAMPLE,
    cases: generateBraceSoup(CORPUS_SEED, SOUP_SIZE).map((text) => ({
      text,
      port: run(soupData, text, false),
    })),
  },
};
writeFileSync(PORT_GOLDEN_FILE, `${JSON.stringify(golden, null, 1)}\n`);
console.log(
  `wrote ${cases.length} renders and ${golden.soup.cases.length} brace strings to ${relative(process.cwd(), PORT_GOLDEN_FILE)}`,
);
