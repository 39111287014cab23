import { spawn, type ChildProcess } from 'node:child_process';

/** Starts `node ARGS` and resolves once its output matches `ready`. */
export function startProcess(
  args: string[],
  env: Record<string, string>,
  ready: RegExp,
): Promise<{ proc: ChildProcess; match: RegExpExecArray }> {
  const proc = spawn(process.execPath, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    let started = false;
    const onData = (chunk: Buffer) => {
      // After the ready line, output is only drained: a long run logs a line per delivery.
      if (started) return;
      output += chunk.toString();
      const match = ready.exec(output);
      if (match) {
        started = true;
        resolve({ proc, match });
      }
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    proc.on('exit', (code) => reject(new Error(`exited ${code}: ${output}`)));
  });
}
