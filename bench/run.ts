import { formatTable, type BenchRow } from './bench-row.js';
import { runEngineBench } from './engine-bench.js';
import { runValidateBench } from './validate-bench.js';

/** `npm run bench`: every benchmark, measured in one run, printed as Markdown tables. */
const benches: [string, () => Promise<BenchRow[]>][] = [
  ['Validation (issue: foundation)', runValidateBench],
  ['Engine: match + render one event (issue: engine)', runEngineBench],
];

const only = process.argv.slice(2);
console.log(`# switchyard benchmarks — Node ${process.version}, ${new Date().toISOString()}\n`);
for (const [title, bench] of benches) {
  if (only.length && !only.some((word) => title.toLowerCase().includes(word.toLowerCase())))
    continue;
  console.log(formatTable(title, await bench()));
}
