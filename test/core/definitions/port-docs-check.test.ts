import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createJqEngine } from '../../../core/jq/create-jq-engine.js';
import { checkCorpus } from '../../../scripts/check-port-docs.js';
import {
  collect,
  CORPUS_FOLDER,
  readDocs,
  type Manifest,
} from '../../../scripts/collect-port-docs-corpus.js';

// The collector and the check behind `npm run check:port-docs`, on a docs tree written here
// (Port's own pages are not redistributable: test/fixtures/port-docs/README.md).
const automation = (identifier: string, expression = '.diff.after != null') => ({
  identifier,
  trigger: {
    type: 'automation',
    event: { type: 'ENTITY_CREATED', blueprintIdentifier: 'service' },
    condition: { type: 'JQ', expressions: [expression], combinator: 'and' },
  },
  invocationMethod: { type: 'WEBHOOK', url: 'https://example.com/hook' },
});
const fence = (value: unknown, indent = '') =>
  `${indent}\`\`\`json showLineNumbers\n${JSON.stringify(value, null, 2)
    .split('\n')
    .map((line) => indent + line)
    .join('\n')}\n${indent}\`\`\``;

const root = mkdtempSync(join(tmpdir(), 'sy-port-docs-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
mkdirSync(join(root, 'docs', 'guides'), { recursive: true });
writeFileSync(
  join(root, 'docs', 'guides', 'notify.mdx'),
  [
    '# Notify',
    fence(automation('notify')),
    '- a list item with an indented block:',
    fence({ identifier: 'legacy', trigger: 'CREATE', userInputs: {}, invocationMethod: {} }, '  '),
    '```json\n{ // a comment\n  "identifier": "x", "invocationMethod": {} }\n```',
    '```json\n{ "blueprint": "not a definition" }\n```',
  ].join('\n\n'),
);
writeFileSync(
  join(root, 'docs', 'more.md'),
  [
    fence([automation('first'), automation('bad_jq', '.a ||| .b')]),
    fence(automation('notify')),
  ].join('\n\n'),
);

describe('collecting the definitions of a port-docs tree', () => {
  const { commit, docs } = readDocs(root);
  const { files, manifest } = collect(commit, docs);

  it('takes each json fence that holds definitions, one file per definition, deduplicated', () => {
    expect(docs.map((doc) => doc.path)).toEqual(['docs/guides/notify.mdx', 'docs/more.md']);
    expect([...files.keys()]).toEqual([
      'guides-notify-1.json',
      'guides-notify-2.json',
      'more-1.json',
      'more-2.json',
    ]);
    expect(JSON.parse(files.get('guides-notify-2.json')!)).toMatchObject({ trigger: 'CREATE' });
    expect(manifest.counts).toMatchObject({
      docFiles: 2,
      jsonBlocks: 6,
      notValidJson: 1,
      notValidJsonWithInvocationMethod: 1,
      definitions: 5,
      duplicates: 1,
      collected: 4,
    });
    expect(manifest.files[0]).toMatchObject({
      file: 'guides-notify-1.json',
      source: 'docs/guides/notify.mdx',
      alsoIn: [{ source: 'docs/more.md' }],
    });
  });

  it('passes a corpus whose refusals are all listed, and names every difference', async () => {
    const jq = createJqEngine();
    try {
      const listed = {
        'guides-notify-2.json': 'legacy action format',
        'more-2.json': 'not valid jq',
      };
      const clean = await checkCorpus(files, listed, jq);
      expect(clean).toMatchObject({ valid: 2, nowValid: [], unknownBroken: [] });
      expect(clean.refused.size).toBe(0);

      const wrong = await checkCorpus(
        files,
        { 'more-1.json': 'said to be broken', 'gone-1.json': 'no longer in the docs' },
        jq,
      );
      expect([...wrong.refused.keys()]).toEqual(['guides-notify-2.json', 'more-2.json']);
      expect(wrong.refused.get('more-2.json')!.join('\n')).toMatch(
        /^more-2\.json:\d+:\d+: error: /,
      );
      expect(wrong.nowValid).toEqual(['more-1.json']);
      expect(wrong.unknownBroken).toEqual(['gone-1.json']);
    } finally {
      await jq.close();
    }
  });
});

describe("the recorded check of Port's docs (test/fixtures/port-docs)", () => {
  const read = <T>(file: string) =>
    JSON.parse(readFileSync(join(CORPUS_FOLDER, file), 'utf8')) as T;
  const manifest = read<Manifest>('manifest.json');
  const broken = read<Record<string, string>>('broken.json');

  it('lists each broken example by a file of the manifest, with its reason', () => {
    expect(manifest.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(manifest.files.length).toBe(manifest.counts.collected);
    const names = new Set(manifest.files.map((entry) => entry.file));
    expect(Object.keys(broken).filter((file) => !names.has(file))).toEqual([]);
    for (const reason of Object.values(broken)) expect(reason.length).toBeGreaterThan(10);
  });
});
