/**
 * `npm run check:port-docs -- PORT_DOCS [--write-manifest]`: validates every automation and
 * self-service action definition in a clone of Port's documentation (a bare git directory or
 * a checkout of https://github.com/port-labs/port-docs), each on its own as
 * `switchyard validate FILE` would (the docs reuse identifiers across pages). Every definition
 * must validate with no error, except those test/fixtures/port-docs/broken.json lists as
 * broken in the docs, which must still get at least one error. Exits 1 on any difference.
 * `--write-manifest` rewrites test/fixtures/port-docs/manifest.json (doc pages, lines, counts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { formatProblem } from '../core/definitions/format-problem.js';
import { validateDefinitions } from '../core/definitions/validate-definitions.js';
import { createJqEngine } from '../core/jq/create-jq-engine.js';
import type { JqEngine } from '../core/jq/jq-engine.js';
import { collect, CORPUS_FOLDER, MANIFEST_FILE, readDocs } from './collect-port-docs-corpus.js';

export interface CorpusVerdict {
  /** Definitions that are not listed as broken and got errors: file → the errors. */
  readonly refused: Map<string, string[]>;
  /** Listed as broken, but now validate with no error. */
  readonly nowValid: string[];
  /** Listed as broken, but not in the corpus. */
  readonly unknownBroken: string[];
  readonly valid: number;
}

/** Validates each definition on its own and compares the outcome with the broken list. */
export async function checkCorpus(
  files: ReadonlyMap<string, string>,
  broken: Readonly<Record<string, string>>,
  jq: Pick<JqEngine, 'check'>,
): Promise<CorpusVerdict> {
  const refused = new Map<string, string[]>();
  const nowValid: string[] = [];
  let valid = 0;
  for (const [file, text] of files) {
    const report = await validateDefinitions([{ file, text }], jq);
    const errors = report.problems
      .filter((problem) => problem.severity === 'error')
      .map(formatProblem);
    if (file in broken) {
      if (errors.length === 0) nowValid.push(file);
    } else if (errors.length > 0) refused.set(file, errors);
    else valid += 1;
  }
  const unknownBroken = Object.keys(broken).filter((file) => !files.has(file));
  return { refused, nowValid, unknownBroken, valid };
}

async function main(args: string[]): Promise<void> {
  const location = args.find((arg) => !arg.startsWith('--'));
  if (location === undefined) {
    console.error(
      'usage: npm run check:port-docs -- PORT_DOCS [--write-manifest]\n' +
        '  PORT_DOCS: git clone --bare https://github.com/port-labs/port-docs /tmp/port-docs',
    );
    process.exit(2);
  }
  const { commit, docs } = readDocs(location);
  const { files, manifest } = collect(commit, docs);
  const broken = JSON.parse(readFileSync(join(CORPUS_FOLDER, 'broken.json'), 'utf8')) as Record<
    string,
    string
  >;
  const jq = createJqEngine();
  const verdict = await checkCorpus(files, broken, jq).finally(() => jq.close());
  if (args.includes('--write-manifest')) {
    writeFileSync(join(CORPUS_FOLDER, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  }
  for (const [file, errors] of verdict.refused) {
    console.log(`refused, not listed as broken: ${file}\n  ${errors.join('\n  ')}`);
  }
  for (const file of verdict.nowValid) console.log(`listed as broken, but valid: ${file}`);
  for (const file of verdict.unknownBroken) console.log(`listed as broken, not found: ${file}`);
  console.log(
    `port-docs ${commit ?? '(unknown commit)'}: ${files.size} definitions, ${verdict.valid} valid, ` +
      `${Object.keys(broken).length - verdict.unknownBroken.length} broken in the docs as listed, ` +
      `${verdict.refused.size} refused unexpectedly, ${verdict.nowValid.length} listed broken but valid`,
  );
  const ok =
    verdict.refused.size === 0 &&
    verdict.nowValid.length === 0 &&
    verdict.unknownBroken.length === 0;
  process.exitCode = ok ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href)
  await main(process.argv.slice(2));
