import { spawn, type ChildProcess } from 'node:child_process';

export interface Replica {
  readonly name: string;
  readonly process: ChildProcess;
  readonly url: string;
  /** Every JSON log line so far. */
  readonly lines: Record<string, unknown>[];
  /** The partitions of its latest group join, or undefined before the first. */
  partitions(): number[] | undefined;
  /** Resolves on the next join after `count` joins were seen. */
  joined(count: number, timeoutMs?: number): Promise<number[]>;
}

/** `switchyard serve` as a child process (JSON logs); resolves once it listens. */
export function startReplica(name: string, env: Record<string, string>): Promise<Replica> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'bin/switchyard.ts', 'serve'], {
    env: { ...process.env, ...env, LOG_FORMAT: 'json', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Record<string, unknown>[] = [];
  const joins: number[][] = [];
  let output = '';
  let pending = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    pending += chunk.toString();
    const parts = pending.split('\n');
    pending = parts.pop()!;
    for (const part of parts) {
      if (!part.startsWith('{')) continue;
      try {
        const line = JSON.parse(part) as Record<string, unknown>;
        lines.push(line);
        if (Array.isArray(line.partitions) && String(line.msg).includes('joined group'))
          joins.push(line.partitions as number[]);
      } catch {
        // not a log line
      }
    }
    for (const listener of listeners) listener();
  };
  proc.stdout!.on('data', onData);
  proc.stderr!.on('data', onData);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start:\n${output}`)), 30_000);
    proc.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code ?? signal}):\n${output}`));
    });
    const check = () => {
      const match = /switchyard listening on (http:\/\/[^"\s]+)/.exec(output);
      if (!match) return;
      listeners.delete(check);
      clearTimeout(timer);
      resolve({
        name,
        process: proc,
        url: match[1]!,
        lines,
        partitions: () => joins.at(-1),
        joined: (count, timeoutMs = 30_000) =>
          new Promise((done, fail) => {
            const wait = setTimeout(
              () => fail(new Error(`${name}: no group join after ${count}:\n${output}`)),
              timeoutMs,
            );
            const seen = () => {
              if (joins.length <= count) return;
              listeners.delete(seen);
              clearTimeout(wait);
              done(joins.at(-1)!);
            };
            listeners.add(seen);
            seen();
          }),
      });
    };
    listeners.add(check);
  });
}
