import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * Builds the Action with the project's own `bundle` script into a fresh temporary folder
 * (so tests never touch the committed dist/, and the bundle runs with no node_modules
 * anywhere above it). Returns the path of its index.js.
 */
export function buildBundle(): string {
  let root = import.meta.dirname;
  while (!existsSync(join(root, 'package.json'))) root = dirname(root);
  const script = (
    JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      scripts: { bundle: string };
    }
  ).scripts.bundle;
  const out = join(mkdtempSync(join(tmpdir(), 'switchyard-action-')), 'dist');
  execFileSync(
    'sh',
    ['-c', `mkdir -p ${out} && ${script.replace(/(^|[\s=])dist\//g, `$1${out}/`)}`],
    {
      cwd: root,
      env: { ...process.env, PATH: `${join(root, 'node_modules', '.bin')}:${process.env.PATH}` },
      stdio: 'pipe',
    },
  );
  writeFileSync(join(out, 'package.json'), '{"type":"module"}\n');
  return join(out, 'index.js');
}
