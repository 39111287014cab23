import { pathToFileURL } from 'node:url';
import { createJqEngine } from '../core/jq/create-jq-engine.js';
import type { JqEngine } from '../core/jq/jq-engine.js';
import { renderTemplate } from '../core/template/render-template.js';
import { loadPortRenderer } from './port-renderer.js';

export interface BenchRow {
  readonly name: string;
  readonly opsPerSecond: number;
}

/** A typical webhook payload: ten templated fields of every kind. */
const TEMPLATE = {
  url: 'https://hooks.example.com/services/{{ .event.context.entityIdentifier }}',
  headers: { RUN_ID: '{{ .run.id }}', Authorization: 'Bearer {{ .secrets.token }}' },
  body: {
    entity: '{{ .event.diff.after.identifier }}',
    title:
      'Service {{ .event.diff.before.title }} is now {{ .event.diff.after.properties.status }}',
    replicas: '{{ .event.diff.after.properties.replicas }}',
    team: '{{ .event.diff.after.team }}',
    '{{ if .event.diff.before == null then "created" else "changed" end }}': true,
    changed: '{{ .event.diff.before.properties.status != .event.diff.after.properties.status }}',
    tags: ['{{ .event.diff.after.properties.tags | join(",") }}', 'static'],
  },
};

const entity = (status: string) => ({
  identifier: 'svc-a',
  title: 'Service A',
  team: ['platform'],
  properties: { status, replicas: 2, tags: ['a', 'b'] },
  relations: {},
});
const DATA = {
  inputs: null,
  trigger: {
    by: { orgId: 'org_1', userId: 'u_1' },
    origin: 'AUTOMATION',
    at: '2024-06-09T12:28:18.663Z',
  },
  event: {
    action: 'UPDATE',
    resourceType: 'entity',
    context: {
      blueprintIdentifier: 'service',
      entityIdentifier: 'svc-a',
      propertyIdentifier: null,
    },
    diff: { before: entity('Active'), after: entity('Degraded') },
  },
  entity: null,
  action: { identifier: 'notify' },
  run: { id: 'r_1' },
  secrets: { token: 't0k3n' },
};

async function measure(name: string, render: () => unknown, budgetMs: number): Promise<BenchRow> {
  for (let i = 0; i < 20; i++) await render();
  let count = 0;
  const started = performance.now();
  while (performance.now() - started < budgetMs) {
    await render();
    count++;
  }
  return { name, opsPerSecond: Math.round((count * 1000) / (performance.now() - started)) };
}

/** Renders the same 10-field payload with our renderer and with Port's native renderRecursively. */
export async function benchTemplate(budgetMs = 1000): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  // Our share of the cost: scanning, de-duplication and assembly around a jq that answers at once.
  const instant: JqEngine = {
    evaluate: async (_input, expressions) => expressions.map(() => ({ ok: true, value: 'x' })),
    check: async (expressions) => expressions.map(() => null),
    close: async () => {},
  };
  rows.push(
    await measure(
      'switchyard renderTemplate (instant jq)',
      () => renderTemplate(TEMPLATE, DATA, instant),
      budgetMs,
    ),
  );
  for (const [name, fastPath] of [
    ['switchyard renderTemplate (fast path + jq-wasm)', true],
    ['switchyard renderTemplate (jq-wasm only)', false],
  ] as const) {
    const jq = createJqEngine({ fastPath });
    try {
      rows.push(await measure(name, () => renderTemplate(TEMPLATE, DATA, jq), budgetMs));
    } finally {
      await jq.close();
    }
  }
  const port = loadPortRenderer();
  if ('reason' in port) console.log(`skipped Port's native renderer baseline: ${port.reason}`);
  else
    rows.push(
      await measure(
        'port renderRecursively (native jq 1.6)',
        () => port.renderer.renderRecursively(DATA, TEMPLATE),
        budgetMs,
      ),
    );
  return rows;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const row of await benchTemplate()) console.log(`${row.name}: ${row.opsPerSecond} ops/s`);
}
