import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { dirname, join } from 'node:path';

const ROOT = join(dirname(new URL(import.meta.url).pathname), '..');

/**
 * `switchyard serve` as a real child process on 127.0.0.1:`port` (fixed, so a restarted
 * server comes back where the load goes); its output is appended to `logFile`.
 */
export interface ServeProcess {
  readonly url: string;
  readonly pid: number;
  readonly process: ChildProcess;
  /** SIGKILL, and wait until it is gone. */
  kill(): Promise<void>;
  /** SIGTERM (graceful), and wait until it is gone. */
  stop(): Promise<void>;
}

export async function startServe(
  env: Record<string, string>,
  logFile: string,
  port: number,
): Promise<ServeProcess> {
  const log: WriteStream = createWriteStream(logFile, { flags: 'a' });
  // The compiled CLI (run.ts builds it first): restarts take a fraction of tsx's time.
  const child = spawn(process.execPath, ['lib/bin/switchyard.js', 'serve'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      SWITCHYARD_WATCH: 'false',
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  const url = `http://127.0.0.1:${port}`;
  let exited: number | null | undefined;
  child.once('exit', (code) => (exited = code));
  const deadline = Date.now() + 60_000;
  // Ready once /healthz answers (the "listening" line is an info log, and figures log less).
  for (;;) {
    if (exited !== undefined) throw new Error(`serve exited with ${exited}; see ${logFile}`);
    if (Date.now() > deadline) throw new Error(`serve did not start within 60 s; see ${logFile}`);
    try {
      const answer = await fetch(`${url}/healthz`);
      await answer.arrayBuffer();
      if (answer.status < 500) break;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url,
    pid: child.pid!,
    process: child,
    async kill() {
      child.kill('SIGKILL');
      await gone;
    },
    async stop() {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await gone;
      clearTimeout(timer);
    },
  };
}
