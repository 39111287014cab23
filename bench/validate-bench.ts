import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { BenchRow } from './bench-row.js';

const exec = promisify(execFile);

/** Writes `count` varied, valid definitions (JSON and YAML, every backend) into `dir`. */
export async function writeGeneratedDefinitions(dir: string, count: number): Promise<void> {
  const backends = [
    {
      type: 'WEBHOOK',
      url: 'https://hooks.example.com/{{ .action.identifier }}',
      headers: { Authorization: 'Bearer {{ .secrets.TOKEN }}' },
      body: {
        id: '{{ .event.context.entityIdentifier }}',
        title: 'Service {{ .event.diff.after.title }}',
        runId: '{{ .run.id }}',
      },
    },
    {
      type: 'GITHUB',
      org: 'acme',
      repo: 'deploys',
      workflow: 'deploy.yml',
      workflowInputs: {
        ref: 'main',
        service: '{{ .event.diff.after.identifier }}',
        port_context: { runId: '{{ .run.id }}' },
      },
      reportWorkflowStatus: true,
    },
    {
      type: 'GITLAB',
      groupName: 'platform/infra',
      projectName: 'deployer',
      defaultRef: 'main',
      pipelineVariables: { SERVICE: '{{ .event.context.entityIdentifier }}' },
    },
    { type: 'KAFKA', payload: { entity: '{{ .event.diff.after }}', at: '{{ .trigger.at }}' } },
  ];
  await mkdir(dir, { recursive: true });
  await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const definition = {
        identifier: `generated_${i}`,
        title: `Generated ${i}`,
        trigger: {
          type: 'automation',
          event: {
            type: i % 2 ? 'ENTITY_UPDATED' : 'ANY_ENTITY_CHANGE',
            blueprintIdentifier: `bp_${i % 50}`,
          },
          condition: {
            type: 'JQ',
            expressions: [
              `.diff.after.properties.tier == ${i % 7}`,
              `.diff.after.properties.name | test("svc-${i}")`,
            ],
            combinator: 'and',
          },
        },
        invocationMethod: backends[i % backends.length],
        publish: true,
      };
      const folder = join(dir, `group-${i % 20}`);
      await mkdir(folder, { recursive: true });
      if (i % 2) await writeFile(join(folder, `d${i}.json`), JSON.stringify(definition, null, 2));
      else await writeFile(join(folder, `d${i}.yaml`), toYaml(definition));
    }),
  );
}

function toYaml(value: unknown, indent = ''): string {
  if (value === null || typeof value !== 'object') return `${JSON.stringify(value)}\n`;
  const lines: string[] = [];
  const entries = Array.isArray(value)
    ? value.map((v) => ['-', v] as const)
    : Object.entries(value);
  for (const [key, child] of entries) {
    const label = Array.isArray(value) ? '-' : `${JSON.stringify(key)}:`;
    if (child !== null && typeof child === 'object')
      lines.push(`${indent}${label}\n${toYaml(child, `${indent}  `)}`);
    else lines.push(`${indent}${label} ${JSON.stringify(child)}\n`);
  }
  return lines.join('');
}

/** Wall time of `switchyard validate` on 1,000 generated definitions, as a cold process. */
export async function runValidateBench(): Promise<BenchRow[]> {
  const dir = await mkdtemp(join(tmpdir(), 'sy-validate-bench-'));
  try {
    await writeGeneratedDefinitions(dir, 1000);
    const times: number[] = [];
    const bare: number[] = [];
    for (let i = 0; i < 5; i++) {
      // The anchor, in turn with each run: a Node process that starts and exits.
      let start = performance.now();
      await exec(process.execPath, ['-e', '']);
      bare.push(performance.now() - start);
      start = performance.now();
      const { stdout } = await exec(process.execPath, ['lib/bin/switchyard.js', 'validate', dir]);
      times.push(performance.now() - start);
      if (!stdout.includes('1000 definition files checked: 0 errors'))
        throw new Error(`unexpected output: ${stdout}`);
    }
    times.sort((a, b) => a - b);
    bare.sort((a, b) => a - b);
    return [
      {
        name: 'switchyard validate, 1,000 definitions, cold process (median of 5)',
        value: times[2]!,
        unit: 'ms',
        note: `${(times[2]! / bare[2]!).toFixed(1)} × a bare Node process (median ${Math.round(bare[2]!)} ms); target < 1,000 ms`,
      },
      {
        name: 'same, fastest of 5',
        value: times[0]!,
        unit: 'ms',
        note: `bare Node process fastest ${Math.round(bare[0]!)} ms`,
      },
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
