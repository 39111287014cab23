import { createJqEngine } from '../core/jq/create-jq-engine.js';
import {
  validateDefinitions,
  type DefinitionFile,
} from '../core/definitions/validate-definitions.js';
import type { Figure } from './chaos-env.js';

const valid = {
  identifier: 'ok',
  trigger: { type: 'automation', event: { type: 'ENTITY_CREATED', blueprintIdentifier: 'svc' } },
  invocationMethod: {
    type: 'WEBHOOK',
    url: 'https://example.com/h',
    body: { a: '{{ .event.diff.after.identifier }}' },
  },
  publish: true,
};

/** Generators of broken definition files, each `(i) => [name, text]`. */
const BROKEN: ((i: number) => [string, string])[] = [
  (i) => [`alias-bomb-${i}.yaml`, aliasBomb(9 + (i % 3))],
  (i) => [
    `deep-yaml-${i}.yaml`,
    `${'- '.repeat(1)}${'['.repeat(5000 + i)}${']'.repeat(5000 + i)}\n`,
  ],
  (i) => [`deep-json-${i}.json`, `${'{"a":'.repeat(20_000 + i)}1${'}'.repeat(20_000 + i)}`],
  (i) => [
    `huge-${i}.json`,
    JSON.stringify({ ...valid, identifier: `huge_${i}`, description: 'x'.repeat(3_000_000) }),
  ],
  (i) => [
    `jq-syntax-${i}.json`,
    JSON.stringify({
      ...valid,
      identifier: `jq_${i}`,
      invocationMethod: {
        ...valid.invocationMethod,
        body: { a: `{{ .a | ${'('.repeat((i % 7) + 1)} }}` },
      },
    }),
  ],
  (i) => [
    `wrong-types-${i}.json`,
    JSON.stringify({
      ...valid,
      identifier: i,
      trigger: 'x',
      publish: 'yes',
      invocationMethod: [1],
    }),
  ],
  (i) => [`truncated-${i}.json`, JSON.stringify(valid).slice(0, 20 + (i % 60))],
  (i) => [
    `junk-${i}.yaml`,
    String.fromCharCode(
      ...Array.from({ length: 200 }, (_, k) => ((k * 7919 + i * 104729) % 0xd7ff) + 1),
    ),
  ],
  (i) => [
    `proto-${i}.json`,
    `{"__proto__":{"polluted":${i}},"constructor":{"prototype":{"x":1}},"identifier":"p${i}"}`,
  ],
  (i) => [`tabs-${i}.yaml`, `identifier: t${i}\n\ttrigger: {\n  - : :\n`],
  (i) => [
    `bad-condition-${i}.json`,
    JSON.stringify({
      ...valid,
      identifier: `c_${i}`,
      trigger: {
        ...valid.trigger,
        condition: { type: 'JQ', expressions: ['.diff | ', `[range(${i})`], combinator: 'xor' },
      },
    }),
  ],
  (i) => [`empty-${i}.yaml`, i % 2 ? '' : '---\n---\n'],
];

function aliasBomb(levels: number): string {
  const lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let l = 1; l <= levels; l++) {
    lines.push(`a${l}: &a${l} [${Array.from({ length: 9 }, () => `*a${l - 1}`).join(',')}]`);
  }
  lines.push(`identifier: bomb\ndescription: *a${levels}`);
  return `${lines.join('\n')}\n`;
}

/**
 * Figure 4: generated broken definition files through the validator the CLI, the Action
 * and the bot use: 0 crashes, each refused with a located error; the YAML alias bomb fast.
 */
export async function definitionsFigure(count: number): Promise<Figure> {
  const jq = createJqEngine();
  let crashes = 0;
  let unlocated = 0;
  let accepted = 0;
  let slowestMs = 0;
  let bombMs = 0;
  const started = performance.now();
  try {
    for (let i = 0; i < count; i++) {
      const [file, text] = BROKEN[i % BROKEN.length]!(Math.floor(i / BROKEN.length));
      const t = performance.now();
      try {
        const report = await validateDefinitions([{ file, text } satisfies DefinitionFile], jq);
        const errors = report.problems.filter((p) => p.severity === 'error');
        if (errors.length === 0) accepted++;
        if (errors.some((p) => p.file !== file || !(p.line >= 1) || !(p.column >= 1) || !p.message))
          unlocated++;
      } catch {
        crashes++;
      }
      const ms = performance.now() - t;
      slowestMs = Math.max(slowestMs, ms);
      if (file.startsWith('alias-bomb')) bombMs = Math.max(bombMs, ms);
    }
  } finally {
    await jq.close();
  }
  return {
    figure: '4. hostile definitions',
    ok: crashes === 0 && unlocated === 0 && accepted === 0 && bombMs < 1000,
    rows: {
      'broken files': count,
      'kinds of breakage': BROKEN.length,
      'crashes (validator threw)': crashes,
      'accepted as valid': accepted,
      'errors without file:line:col': unlocated,
      'slowest YAML alias bomb (ms)': Math.round(bombMs),
      'slowest file (ms)': Math.round(slowestMs),
      'total (s)': Math.round((performance.now() - started) / 100) / 10,
    },
  };
}
