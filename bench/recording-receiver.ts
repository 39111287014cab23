import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A webhook receiver on 127.0.0.1 that answers 200 and remembers, per delivery, the body's
 * `run` and `service` fields: how many webhooks, how many distinct runs and events, and so
 * how many were delivered more than once.
 */
export async function startRecordingReceiver(): Promise<{
  readonly url: string;
  readonly count: () => number;
  readonly distinctRuns: () => number;
  readonly distinctEvents: () => number;
  readonly server: Server;
}> {
  let received = 0;
  const runs = new Set<string>();
  const events = new Set<string>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received++;
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
        runs.add(String(body.run));
        events.add(String(body.service));
      } catch {
        // counted, not recorded
      }
      res.writeHead(200);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    count: () => received,
    distinctRuns: () => runs.size,
    distinctEvents: () => events.size,
    server,
  };
}
