import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../bot/log/create-logger.js';

function capture(): { stream: Writable; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { stream, lines };
}

describe('createLogger', () => {
  it('masks every form of a configured secret in every line, whatever was logged', () => {
    const secret = 'pa55/word+x';
    const { stream, lines } = capture();
    const log = createLogger({ level: 'info', format: 'json', secrets: [secret] }, stream);
    const basic = Buffer.from(`user:${secret}`).toString('base64');
    log.info(
      { url: `https://h/x?t=${encodeURIComponent(secret)}`, header: `Basic ${basic}` },
      `failed with ${secret}`,
    );
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]!) as Record<string, string>;
    expect(line.msg).toBe('failed with ***');
    expect(line.url).toBe('https://h/x?t=***');
    expect(line.header).not.toContain(basic);
    expect(lines[0]).not.toContain(secret);
  });

  it('leaves lines alone without secrets', () => {
    const { stream, lines } = capture();
    createLogger({ level: 'info', format: 'json' }, stream).info('plain pa55/word+x');
    expect(JSON.parse(lines[0]!).msg).toBe('plain pa55/word+x');
  });
});
