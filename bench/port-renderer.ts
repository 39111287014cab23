import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Port's native renderer (`@port-labs/jq-node-bindings`, jq 1.6), the differential oracle. */
export interface PortRenderer {
  exec(input: unknown, filter: string): unknown;
  renderRecursively(
    data: unknown,
    template: unknown,
    options?: { throwOnError?: boolean },
  ): unknown;
}

export const PORT_RENDERER_PACKAGE = '@port-labs/jq-node-bindings@0.0.12';
/** What its native build needs beyond Node's own toolchain (it compiles jq from source). */
export const PORT_RENDERER_NEEDS = 'autoconf automake libtool make g++ python3';

/**
 * Installs Port's renderer on demand into a folder of its own (never into the project's
 * node_modules: it builds jq with autoconf and takes minutes), then loads it. The folder is
 * `SWITCHYARD_PORT_RENDERER_DIR`, else `$TMPDIR/switchyard-port-renderer-0.0.12`; a second
 * call reuses it. Returns why when it cannot be installed.
 */
export function loadPortRenderer(
  log: (line: string) => void = (line) => console.error(line),
): { renderer: PortRenderer } | { reason: string } {
  const version = PORT_RENDERER_PACKAGE.split('@').pop()!;
  const dir =
    process.env.SWITCHYARD_PORT_RENDERER_DIR ??
    join(tmpdir(), `switchyard-port-renderer-${version}`);
  const installed = join(dir, 'node_modules', '@port-labs', 'jq-node-bindings');
  if (!existsSync(join(installed, 'build'))) {
    mkdirSync(dir, { recursive: true });
    log(`installing ${PORT_RENDERER_PACKAGE} into ${dir} (builds jq from source, a few minutes)`);
    try {
      execFileSync(
        'npm',
        ['install', '--no-save', '--no-package-lock', '--prefix', dir, PORT_RENDERER_PACKAGE],
        {
          stdio: ['ignore', 'ignore', 'pipe'],
        },
      );
    } catch (error) {
      const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
      const last = stderr.trim().split('\n').slice(-3).join(' | ');
      return {
        reason: `could not install ${PORT_RENDERER_PACKAGE} (needs Debian packages: ${PORT_RENDERER_NEEDS}): ${last}`,
      };
    }
  }
  try {
    const require = createRequire(join(dir, 'package.json'));
    return { renderer: require('@port-labs/jq-node-bindings') as PortRenderer };
  } catch (error) {
    return {
      reason: `could not load ${installed}: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}
