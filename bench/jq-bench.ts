import { pathToFileURL } from 'node:url';
import { loadJq } from 'jq-wasm';
import { compileFastCached } from '../core/jq/compile-fast-cached.js';
import { createJqEngine } from '../core/jq/create-jq-engine.js';
import { formatTable, opsPerSecond, type BenchRow } from './bench-row.js';

/** A ~3 KB "entity updated" event, like the one the jq research note measured. */
function benchEvent(): Record<string, unknown> {
  const properties = (status: string): Record<string, unknown> => ({
    status,
    language: 'Python',
    ...Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`p${i}`, `value-${i}`])),
  });
  return {
    event: {
      diff: {
        before: { properties: properties('draft'), relations: {} },
        after: {
          properties: properties('live'),
          relations: { dependencies: ['svc-a', 'lib-b', 'svc-c', 'svc-d'] },
        },
      },
      trigger: { by: { user: { email: 'dev@example.com' } } },
    },
    run: { id: 'r_0123456789' },
    inputs: { ref: 'main' },
  };
}

const FAST = [
  '.event.diff.after.properties.language == "Python"',
  '.run.id',
  '.inputs | has("ref")',
  'if .event.diff.before.properties.status != .event.diff.after.properties.status then {from: .event.diff.before.properties.status, to: .event.diff.after.properties.status} else null end',
  '[.event.diff.after.relations.dependencies[] | select(startswith("svc-") | not)] | length',
];
/** Two of five outside the fast-path subset, so each event also needs one jq-wasm run. */
const MIXED = [FAST[0], FAST[1], FAST[2], '.run.id | test("^r_")', '.inputs.ref | ltrimstr("m")'];

/** jq engine benchmarks: rows of operations per second. */
export async function runJqBench(ms = 1500): Promise<BenchRow[]> {
  const event = benchEvent();
  const rows: BenchRow[] = [];

  const programs = FAST.map((e) => compileFastCached(e));
  let k = 0;
  const fastOps = await opsPerSecond(() => programs[k++ % programs.length]?.(event), ms);
  rows.push({ name: 'fast path, one expression', value: fastOps, unit: 'ops/s' });

  const engine = createJqEngine();
  const mixedOps = await opsPerSecond(() => engine.evaluate(event, MIXED), ms);
  rows.push({
    name: 'engine.evaluate, one event × 5 expressions (3 fast, 2 jq-wasm)',
    value: mixedOps,
    unit: 'events/s',
  });
  const slowEngine = createJqEngine({ fastPath: false });
  const combinedOps = await opsPerSecond(() => slowEngine.evaluate(event, FAST), ms);
  rows.push({
    name: 'engine.evaluate, one event × 5 expressions, all in one jq-wasm program',
    value: combinedOps,
    unit: 'events/s',
  });

  const jq = await loadJq();
  const inputText = JSON.stringify(event);
  let n = 0;
  const naiveOps = await opsPerSecond(
    () => jq.json(inputText, FAST[n++ % FAST.length] as string),
    ms,
  );
  rows.push({
    name: 'naive jq-wasm, one json() call per expression',
    value: naiveOps,
    unit: 'ops/s',
    note: `fast path ×${Math.round(fastOps / naiveOps)}; an event of 5 costs 5 calls (${Math.round(naiveOps / 5)} events/s)`,
  });

  // check caches verdicts by text, so every round checks 5,000 texts it has not seen. The
  // engine compiles them on the fast path (what it compiles, jq compiles); jq-wasm alone is
  // the anchor, and what the engine pays for expressions outside the subset.
  let round = 0;
  const checkOps = async (which: typeof engine) =>
    opsPerSecond(
      () =>
        which.check(
          Array.from({ length: 5000 }, (_, i) =>
            i % 2 ? `.event.p${round}_${i} == "x"` : `{id: .run.id, n: ${i}, r: ${round++}}`,
          ),
        ),
      ms,
    );
  const engineCheck = await checkOps(engine);
  const jqCheck = await checkOps(slowEngine);
  rows.push(
    {
      name: 'check, 5,000 expressions (engine: fast path compiles them)',
      value: engineCheck,
      unit: 'batches/s',
      note: `${Math.round(1000 / engineCheck)} ms per 5,000; ${(engineCheck / jqCheck).toFixed(1)} × jq-wasm`,
    },
    {
      name: 'check, 5,000 expressions (jq-wasm, batched compile-check programs)',
      value: jqCheck,
      unit: 'batches/s',
      note: `${Math.round(1000 / jqCheck)} ms per 5,000`,
    },
  );

  await Promise.all([engine.close(), slowEngine.close()]);
  return rows;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(formatTable('jq engine', await runJqBench()));
}
