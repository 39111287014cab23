import { execFileSync } from 'node:child_process';
import { crashFigure } from './crash-figure.js';
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

const failed = figures.filter((f) => !f.ok);
if (json) console.log(JSON.stringify({ quick, figures }, null, 2));
else {
  console.log(
    `\n${figures.length - failed.length}/${figures.length} figures met their goal in ${Math.round((Date.now() - started) / 1000)} s`,
  );
}
process.exit(failed.length === 0 ? 0 : 1);
