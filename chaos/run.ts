import { execFileSync } from 'node:child_process';
import { crashFigure } from './crash-figure.js';
import { definitionsFigure } from './definitions-figure.js';
import { hostileHttpFigure } from './hostile-http-figure.js';
import { jqBombsFigure } from './jq-bombs-figure.js';
import { outageFigure } from './outage-figure.js';
import { secretsFigure } from './secrets-figure.js';
import { soakFigure } from './soak-figure.js';
import { ssrfFigure } from './ssrf-figure.js';
import type { Figure } from './chaos-env.js';

/**
 * `npm run chaos [-- --quick] [--only=crash,ssrf,...] [--json]`: the reliability and security
 * suite (docs/reliability.md). Loopback only, bounded in time; prints one table per figure
 * and exits 1 when a goal is missed.
 */
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const json = args.includes('--json');
const only = args
  .find((a) => a.startsWith('--only='))
  ?.slice(7)
  .split(',');
const want = (name: string) => !only || only.includes(name);

// The servers run from the compiled CLI, so that a restart after SIGKILL is quick.
execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });

const figures: Figure[] = [];
const started = Date.now();
function show(figure: Figure): void {
  figures.push(figure);
  if (json) return;
  console.log(`\n${figure.ok ? 'PASS' : 'FAIL'}  ${figure.figure}`);
  for (const [key, value] of Object.entries(figure.rows))
    console.log(`  ${key.padEnd(52)} ${value}`);
}

if (want('crash')) {
  const settings = quick
    ? { rate: 300, seconds: 20, killEveryMs: 4000 }
    : { rate: 600, seconds: 60, killEveryMs: 5000 };
  show(await crashFigure('sqlite', settings));
  show(await crashFigure('postgres', settings));
}

if (want('outage')) show(await outageFigure(quick ? 15 : 60, quick ? 50 : 200));
if (want('http')) show(await hostileHttpFigure(quick ? 700 : 10_000, quick ? 15 : 60));
if (want('definitions')) show(await definitionsFigure(quick ? 240 : 1200));
if (want('jq')) show(await jqBombsFigure(quick ? 10 : 30, 50));
if (want('ssrf')) show(await ssrfFigure());
if (want('soak')) show(quick ? await soakFigure(300, 1, 10) : await soakFigure(1000, 10, 60));
// Last: it also scans what every figure before it left behind.
if (want('secrets')) show(await secretsFigure(figures.flatMap((f) => f.artifacts ?? [])));

const failed = figures.filter((f) => !f.ok);
if (json) console.log(JSON.stringify({ quick, figures }, null, 2));
else {
  console.log(
    `\n${figures.length - failed.length}/${figures.length} figures met their goal in ${Math.round((Date.now() - started) / 1000)} s`,
  );
}
process.exit(failed.length === 0 ? 0 : 1);
