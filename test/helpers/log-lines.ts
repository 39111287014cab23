import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';

/** A real pino logger at `level` whose JSON lines are kept, parsed, in `lines`. */
export function capturingLogger(level = 'info'): {
  log: Logger;
  lines: Record<string, unknown>[];
} {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const text of chunk.toString('utf8').split('\n')) {
        if (text.trim() !== '') lines.push(JSON.parse(text) as Record<string, unknown>);
      }
      done();
    },
  });
  return { log: pino({ level }, sink), lines };
}
