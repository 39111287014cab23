import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_SOCKETS_PER_ORIGIN } from '../../../../core/backends/send/agent-for-origin.js';
import { parseAllowedDestinations } from '../../../../core/backends/send/destination-policy.js';
import { httpRequestOnce } from '../../../../core/backends/send/http-request.js';

const LOOPBACK = { allowed: parseAllowedDestinations('127.0.0.1'), allowMetadata: false };

/** A loopback server that counts connections and those open at once; answers after `delayMs`. */
async function countingServer(delayMs: number) {
  let connections = 0;
  let open = 0;
  let mostOpen = 0;
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => setTimeout(() => res.end('ok'), delayMs));
  });
  server.on('connection', (socket) => {
    connections++;
    mostOpen = Math.max(mostOpen, ++open);
    socket.on('close', () => open--);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { url, server, connections: () => connections, mostOpen: () => mostOpen };
}

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

const post = (url: string) =>
  httpRequestOnce({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/json' },
    body: '{}',
    timeoutMs: 10_000,
    destinations: LOOPBACK,
  });

describe('outgoing HTTP connections', () => {
  it('reuses one kept-alive connection for requests one after another to one origin', async () => {
    const counting = await countingServer(0);
    server = counting.server;
    for (let i = 0; i < 10; i++) expect((await post(counting.url)).status).toBe(200);
    expect(counting.connections()).toBe(1);
  });

  it('opens at most MAX_SOCKETS_PER_ORIGIN connections to one origin; the rest wait', async () => {
    const counting = await countingServer(200);
    server = counting.server;
    const answers = await Promise.all(
      Array.from({ length: MAX_SOCKETS_PER_ORIGIN * 2 }, () => post(counting.url)),
    );
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    expect(counting.mostOpen()).toBeLessThanOrEqual(MAX_SOCKETS_PER_ORIGIN);
    expect(counting.mostOpen()).toBeGreaterThan(1);
    expect(counting.connections()).toBeLessThanOrEqual(MAX_SOCKETS_PER_ORIGIN);
  });
});
