import { readFileSync } from 'node:fs';
import { buildBundle } from '../testkit/build-bundle.js';
import { FakeGithub } from '../testkit/fake-github.js';
import { makeWorkspace, runAction } from '../testkit/run-action.js';
import type { BenchRow } from './bench-row.js';

const DEFINITIONS = 1000;
const CHANGED_EVERY = 5; // 200 of 1,000
const BLUEPRINTS = 100; // 3 sample events per blueprint, so 3 per definition

const BACKENDS = [
  {
    type: 'WEBHOOK',
    url: 'https://hooks.example.com/{{ .action.identifier }}',
    headers: { Authorization: 'Bearer {{ .secrets.TOKEN }}' },
    body: { id: '{{ .event.context.entityIdentifier }}', runId: '{{ .run.id }}' },
  },
  {
    type: 'GITHUB',
    org: 'acme',
    repo: 'deploys',
    workflow: 'deploy.yml',
    workflowInputs: { service: '{{ .event.diff.after.identifier }}', runId: '{{ .run.id }}' },
    reportWorkflowStatus: true,
  },
  {
    type: 'GITLAB',
    groupName: 'platform',
    projectName: 'deployer',
    defaultRef: 'main',
    pipelineVariables: { SERVICE: '{{ .event.context.entityIdentifier }}' },
  },
  { type: 'KAFKA', payload: { entity: '{{ .event.diff.after }}', at: '{{ .trigger.at }}' } },
];

function definition(i: number, changed: boolean): string {
  const backend = BACKENDS[i % BACKENDS.length]!;
  return `${JSON.stringify(
    {
      identifier: `generated_${i}`,
      title: changed ? `Generated ${i} (v2)` : `Generated ${i}`,
      trigger: {
        type: 'automation',
        event: { type: 'ENTITY_UPDATED', blueprintIdentifier: `bp_${i % BLUEPRINTS}` },
        condition: {
          type: 'JQ',
          expressions: [
            `.diff.after.properties.tier == ${changed ? (i + 1) % 3 : i % 3}`,
            '.diff.before.properties.version != .diff.after.properties.version',
          ],
          combinator: 'and',
        },
      },
      invocationMethod: backend,
      publish: true,
    },
    null,
    2,
  )}\n`;
}

function sampleEvent(blueprint: number, n: number): string {
  const entity = (version: string) => ({
    identifier: `e-${blueprint}-${n}`,
    title: `Entity ${blueprint}-${n}`,
    blueprint: `bp_${blueprint}`,
    team: ['platform'],
    properties: { tier: n, version },
    relations: {},
  });
  return JSON.stringify({
    action: 'UPDATE',
    resourceType: 'entity',
    trigger: { by: { orgId: 'org', userId: 'user' }, origin: 'API', at: '2025-01-01T00:00:00Z' },
    context: { blueprintIdentifier: `bp_${blueprint}`, entityIdentifier: `e-${blueprint}-${n}` },
    diff: { before: entity('1.0.0'), after: entity(n === 2 ? '1.0.0' : '1.1.0') },
  });
}

/**
 * A pull request that changes 200 of 1,000 generated definitions (3 sample events each):
 * wall time of the bundled Action (`node dist/index.js`) end to end against the loopback
 * GitHub fake — base tree, blobs, validation, 600 previews, the sticky comment, summary.
 */
export async function runActionBench(): Promise<BenchRow[]> {
  const bundle = buildBundle();
  const github = await new FakeGithub().start();
  try {
    const base: Record<string, string> = {};
    const head: Record<string, string> = {};
    for (let i = 0; i < DEFINITIONS; i++) {
      const path = `automations/group-${i % 20}/d${i}.json`;
      base[path] = definition(i, false);
      head[path] = definition(i, i % CHANGED_EVERY === 0);
    }
    for (let b = 0; b < BLUEPRINTS; b++) {
      for (let n = 0; n < 3; n++) {
        const path = `automations/events/bp_${b}-${n}.json`;
        base[path] = head[path] = sampleEvent(b, n);
      }
    }
    const baseSha = github.commit(base);
    const workspace = makeWorkspace(head);
    const times: number[] = [];
    let last;
    for (let i = 0; i < 5; i++) {
      const start = performance.now();
      last = await runAction({
        bundle,
        apiUrl: github.url,
        eventName: 'pull_request',
        payload: {
          pull_request: { number: 1, base: { sha: baseSha }, head: { sha: 'f'.repeat(40) } },
        },
        workspace,
      });
      times.push(performance.now() - start);
      if (last.code !== 0) throw new Error(`the Action failed:\n${last.stdout}\n${last.stderr}`);
    }
    const report = JSON.parse(readFileSync(last!.outputs.report!, 'utf8')) as {
      changes: { previews: unknown[] }[];
    };
    const previews = report.changes.reduce((n, c) => n + c.previews.length, 0);
    if (report.changes.length !== 200 || previews !== 600) {
      throw new Error(
        `expected 200 changes and 600 previews, got ${report.changes.length} and ${previews}`,
      );
    }
    const comment = github.comments.get(1)?.[0]?.body ?? '';
    times.sort((a, b) => a - b);
    return [
      {
        name: 'Action on a PR changing 200 of 1,000 definitions, 600 previews (median of 5)',
        value: times[2]!,
        unit: 'ms',
        note: 'target < 3,000 ms; node dist/index.js against the loopback GitHub fake',
      },
      { name: 'same, fastest of 5', value: times[0]!, unit: 'ms' },
      {
        name: 'blobs fetched per run (only changed files)',
        value: github.requestsTo('GET', /\/git\/blobs\//).length / 5,
        unit: 'requests',
      },
      {
        name: 'sticky comment size',
        value: comment.length,
        unit: 'chars',
        note: `limit 65,536; ${comment.includes('shortened') ? 'detail dropped to fit' : 'full detail'}`,
      },
    ];
  } finally {
    await github.stop();
  }
}
