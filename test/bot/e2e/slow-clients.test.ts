import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bot } from '../../../bot/create-bot.js';
import { startTestBot } from '../../helpers/start-test-bot.js';

let bot: Bot;
beforeAll(async () => {
  bot = await startTestBot({});
});
afterAll(() => bot?.stop());

/** Opens a connection that sends `text` one byte every 200 ms; resolves when the server closes it. */
function slowClient(text: string): Promise<{ closedByServer: boolean; answer: string }> {
  const { port } = new URL(bot.url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), '127.0.0.1');
    let answer = '';
    let at = 0;
    const timer = setInterval(() => socket.write(at < text.length ? text[at++]! : 'a'), 200);
    // Far beyond the server's bounds (10 s headers, 30 s request): the server must act first.
    const giveUp = setTimeout(() => finish(false), 45_000);
    function finish(closedByServer: boolean) {
      clearInterval(timer);
      clearTimeout(giveUp);
      socket.destroy();
      resolve({ closedByServer, answer });
    }
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    socket.on('close', () => finish(true));
    socket.on('error', () => finish(true));
  });
}

describe('slow clients (slowloris; regression, chaos suite figure 3)', () => {
  it('closes a connection whose headers never finish, with 408', async () => {
    const result = await slowClient('GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ');
    expect(result.closedByServer).toBe(true);
    expect(result.answer).toMatch(/^HTTP\/1\.1 408/);
  }, 60_000);
});
