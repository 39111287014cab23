import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startProcess } from './start-process.js';

export interface ReceiverStats {
  /** Webhooks received. */
  readonly count: number;
  /** Distinct `run` fields of their bodies (0 unless the receiver records). */
  readonly distinctRuns: number;
  /** Distinct `service` fields of their bodies (0 unless the receiver records). */
  readonly distinctEvents: number;
}

export interface WebhookReceiver {
  readonly url: string;
  stats(): Promise<ReceiverStats>;
  close(): void;
}

/**
 * A webhook receiver on 127.0.0.1 in a process of its own, answering 200: the benches' load
 * generator measures accept latency on its own event loop, which must not also serve the
 * deliveries. With `record`, it remembers each body's `run` and `service` fields, so a run
 * delivered twice shows. `GET /stats` (what `stats()` reads) answers the counts as JSON.
 */
export async function startWebhookReceiver(
  options: { record?: boolean } = {},
): Promise<WebhookReceiver> {
  const { proc, match } = await startProcess(
    [fileURLToPath(import.meta.url), options.record ? 'record' : 'count'],
    {},
    /receiver listening on (http:\/\/\S+)/,
  );
  const url = match[1]!;
  return {
    url,
    async stats() {
      const answer = await fetch(`${url}/stats`);
      return (await answer.json()) as ReceiverStats;
    },
    close: () => void proc.kill(),
  };
}

/** Polls the receiver until `done` holds for its stats; throws after `timeoutMs` without. */
export async function waitForStats(
  receiver: WebhookReceiver,
  done: (stats: ReceiverStats) => boolean,
  timeoutMs = 120_000,
): Promise<ReceiverStats> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const stats = await receiver.stats();
    if (done(stats)) return stats;
    if (Date.now() > deadline) {
      throw new Error(
        `the webhook receiver still has ${JSON.stringify(stats)} after ${timeoutMs / 1000} s: the server stopped delivering (see its log)`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function serve(record: boolean): void {
  // A bench that dies leaves no receiver behind.
  const parent = process.ppid;
  setInterval(() => {
    try {
      process.kill(parent, 0);
    } catch {
      process.exit(0);
    }
  }, 1000).unref();
  let count = 0;
  const runs = new Set<string>();
  const events = new Set<string>();
  const server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/stats') {
      req.resume();
      const stats: ReceiverStats = {
        count,
        distinctRuns: runs.size,
        distinctEvents: events.size,
      };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(stats));
      return;
    }
    const chunks: Buffer[] = [];
    if (record) req.on('data', (chunk: Buffer) => chunks.push(chunk));
    else req.resume();
    req.on('end', () => {
      count++;
      if (record) {
        try {
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<
            string,
            unknown
          >;
          runs.add(String(body.run));
          events.add(String(body.service));
        } catch {
          // counted, not recorded
        }
      }
      res.writeHead(200);
      res.end();
    });
  });
  server.listen(0, '127.0.0.1', () =>
    console.log(`receiver listening on http://127.0.0.1:${(server.address() as AddressInfo).port}`),
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  serve(process.argv[2] === 'record');
}
