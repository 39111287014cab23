import { createHmac } from 'node:crypto';
import { Agent, request } from 'node:http';

/** Sends signed POSTs over keep-alive connections and measures each answer's latency. */
export class LoadGenerator {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 256 });

  constructor(
    private readonly url: URL,
    private readonly secret: string,
  ) {}

  post(body: string): Promise<{ status: number; ms: number }> {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = createHmac('sha256', this.secret)
      .update(`${timestamp}.${body}`)
      .digest('base64');
    const start = performance.now();
    return new Promise((resolve, reject) => {
      const req = request(
        this.url,
        {
          method: 'POST',
          agent: this.agent,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            'x-port-timestamp': timestamp,
            'x-port-signature': `v1,${signature}`,
          },
        },
        (res) => {
          res.resume();
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, ms: performance.now() - start }),
          );
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  /** `total` requests with at most `concurrency` in flight; returns the wall time. */
  async closedLoop(
    total: number,
    concurrency: number,
    body: (i: number) => string,
  ): Promise<number> {
    let next = 0;
    const start = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < total) {
          const answer = await this.post(body(next++));
          if (answer.status >= 300) throw new Error(`status ${answer.status}`);
        }
      }),
    );
    return performance.now() - start;
  }

  /** A steady `rate` per second for `seconds`, regardless of answers; returns every latency. */
  async openLoop(rate: number, seconds: number, body: (i: number) => string): Promise<number[]> {
    const latencies: number[] = [];
    const pending: Promise<void>[] = [];
    const start = performance.now();
    const total = rate * seconds;
    for (let i = 0; i < total; i++) {
      const due = start + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
      pending.push(this.post(body(i)).then((answer) => void latencies.push(answer.ms)));
    }
    await Promise.all(pending);
    return latencies;
  }

  close(): void {
    this.agent.destroy();
  }
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
