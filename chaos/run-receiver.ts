import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A webhook receiver on 127.0.0.1 that records deliveries per run id (the
 * `X-Switchyard-Run-Id` header) and when each arrived; `down()` makes it refuse connections
 * (closed listener), `up()` listens again on the same port.
 */
export class RunReceiver {
  readonly deliveries = new Map<string, number>();
  readonly bodies: { at: number; body: string; path: string }[] = [];
  keepBodies = false;
  /** Path → Location: answered with a 302 there instead of 200. */
  readonly redirects = new Map<string, string>();
  status = 200;
  private server: Server | undefined;
  port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  total(): number {
    let n = 0;
    for (const count of this.deliveries.values()) n += count;
    return n;
  }

  async up(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const id = String(req.headers['x-switchyard-run-id'] ?? '');
        this.deliveries.set(id, (this.deliveries.get(id) ?? 0) + 1);
        if (this.keepBodies) {
          this.bodies.push({
            at: Date.now(),
            body: Buffer.concat(chunks).toString('utf8'),
            path: req.url ?? '',
          });
        }
        const location = this.redirects.get(req.url ?? '');
        if (location) {
          res.writeHead(302, { location });
          res.end();
          return;
        }
        res.writeHead(this.status, { 'content-type': 'application/json' });
        res.end('{"ok":true}');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async down(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}
