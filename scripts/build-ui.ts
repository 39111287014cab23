import { mkdir, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** What `buildUi` wrote: the page and its content-hashed assets (names under `assets/`). */
export interface UiBuild {
  readonly outDir: string;
  readonly script: string;
  readonly style: string;
}

/**
 * Bundles the web UI (`ui/main.tsx`, Preact) with esbuild into `lib/ui/`: `assets/main-HASH.js`,
 * `assets/main-HASH.css` and `index.html` naming them (the server sends the assets as immutable
 * and the page as no-cache). No inline script or style, so the page runs under a strict CSP.
 */
export async function buildUi(outDir = join(ROOT, 'lib', 'ui')): Promise<UiBuild> {
  const assets = join(outDir, 'assets');
  await rm(assets, { recursive: true, force: true });
  await mkdir(assets, { recursive: true });
  const result = await build({
    entryPoints: [join(ROOT, 'ui', 'main.tsx')],
    bundle: true,
    minify: true,
    sourcemap: false,
    format: 'esm',
    target: ['chrome110', 'firefox110', 'safari16'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    entryNames: '[name]-[hash]',
    outdir: assets,
    metafile: true,
    legalComments: 'eof',
    logLevel: 'warning',
  });
  const outputs = Object.keys(result.metafile.outputs).map((file) => basename(file));
  const script = outputs.find((file) => file.endsWith('.js'));
  const style = outputs.find((file) => file.endsWith('.css'));
  if (script === undefined || style === undefined) {
    throw new Error(`the UI build produced no script or stylesheet: ${outputs.join(', ')}`);
  }
  await writeFile(join(outDir, 'index.html'), indexHtml(script, style));
  return { outDir, script, style };
}

function indexHtml(script: string, style: string): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>switchyard</title>
    <link rel="stylesheet" href="/assets/${style}" />
    <script type="module" src="/assets/${script}"></script>
  </head>
  <body>
    <div id="app"><noscript>The switchyard UI needs JavaScript.</noscript></div>
  </body>
</html>
`;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const built = await buildUi();
  console.log(`web UI: ${built.outDir} (${built.script}, ${built.style})`);
}
