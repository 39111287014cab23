import { runActionBench } from './action-bench.js';
import { formatTable, type BenchRow } from './bench-row.js';
import { runBotBench } from './bot-bench.js';
import { runEngineBench } from './engine-bench.js';
import { runFastPathCoverage } from './fast-path-coverage.js';
import { runJqBench } from './jq-bench.js';
import { runKafkaBench } from './kafka-bench.js';
import { runPostgresBench } from './postgres-bench.js';
import { runServeScaleBench } from './serve-scale-bench.js';
import { runStoreBench } from './store-bench.js';
import { benchTemplate } from './template-bench.js';
import { runTimerBench } from './timer-bench.js';
import { runUiBench } from './ui-bench.js';
import { runValidateBench } from './validate-bench.js';

const perSecond = (
  rows: readonly { name: string; opsPerSecond: number }[],
  unit: string,
): BenchRow[] => rows.map((row) => ({ name: row.name, value: row.opsPerSecond, unit }));

/** `npm run bench [WORD...]`: every benchmark (or those whose title has a WORD), in one run, as Markdown. */
const benches: [string, () => Promise<BenchRow[]>][] = [
  ['validate: 1,000 definitions', runValidateBench],
  ['engine: match + render one event against 1,000 automations', runEngineBench],
  ['jq fast path coverage', runFastPathCoverage],
  ['jq engine', () => runJqBench()],
  [
    'template renderer: 10-field payload',
    async () => perSecond(await benchTemplate(), 'renders/s'),
  ],
  [
    'store',
    async () =>
      perSecond(
        await runStoreBench({
          databaseUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
        }),
        'ops/s',
      ),
  ],
  ['bot: end to end over HTTP (SQLite)', runBotBench],
  ['bot: end to end over HTTP (PostgreSQL), one and two replicas', runPostgresBench],
  ['bot: start-up and memory with 10,000 automations', runServeScaleBench],
  [
    'timers: TIMER_PROPERTY_EXPIRED from the scheduler (100,000 due in one minute)',
    () =>
      runTimerBench({
        databaseUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
      }),
  ],
  ['kafka: event source and KAFKA backend on the local broker', runKafkaBench],
  ['action: pull request preview', runActionBench],
  ['web UI: runs page first render with 100,000 runs (SQLite)', () => runUiBench()],
];

const args = process.argv.slice(2);
/** `--json`: one JSON document on stdout; the benches' own messages go to stderr. */
const json = args.includes('--json');
const only = args.filter((a) => a !== '--json');
const print = (text: string): void => void process.stdout.write(`${text}\n`);
if (json) console.log = (...parts: unknown[]) => console.error(...parts);
const results: { title: string; rows?: BenchRow[]; error?: string }[] = [];
const started = new Date().toISOString();
if (!json) print(`# switchyard benchmarks — Node ${process.version}, ${started}\n`);
for (const [title, bench] of benches) {
  if (only.length && !only.some((word) => title.toLowerCase().includes(word.toLowerCase())))
    continue;
  try {
    const rows = await bench();
    results.push({ title, rows });
    if (!json) print(formatTable(title, rows));
  } catch (error) {
    results.push({ title, error: (error as Error).message });
    if (!json) print(`### ${title}\n\nfailed: ${(error as Error).message}\n`);
    process.exitCode = 1;
  }
}
if (json) print(JSON.stringify({ node: process.version, started, benches: results }, null, 2));
