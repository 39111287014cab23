import { createHmac } from 'node:crypto';
import { Agent, request } from 'node:http';

export interface SendOutcome {
  readonly status: number;
  readonly ms: number;
  /** Set when no HTTP answer came (connection refused or reset: the server was down). */
  readonly error?: string;
}

/** Signed POSTs of Port-style events; never rejects (a dead server is an outcome). */
export class EventSender {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 128 });

  constructor(private readonly secret: string) {}

  post(url: string, body: string, timeoutMs = 10_000): Promise<SendOutcome> {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = createHmac('sha256', this.secret)
      .update(`${timestamp}.${body}`)
      .digest('base64');
    const start = performance.now();
    return new Promise((resolve) => {
      const req = request(
        url,
        {
          method: 'POST',
          agent: this.agent,
          timeout: timeoutMs,
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
          res.on('error', (e) =>
            resolve({ status: 0, ms: performance.now() - start, error: e.message }),
          );
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', (e) =>
        resolve({ status: 0, ms: performance.now() - start, error: e.message }),
      );
      req.end(body);
    });
  }

  /**
   * `rate` events per second for `seconds`, on schedule whatever the answers; `target(i)`
   * picks the URL of event i (several replicas). Resolves when every answer is in.
   */
  async openLoop(
    rate: number,
    seconds: number,
    target: (i: number) => string,
    body: (i: number) => string,
    onAnswer: (i: number, outcome: SendOutcome, sentAt: number) => void,
  ): Promise<void> {
    const pending: Promise<void>[] = [];
    const start = performance.now();
    const total = Math.round(rate * seconds);
    for (let i = 0; i < total; i++) {
      const due = start + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
      const sentAt = Date.now();
      pending.push(this.post(target(i), body(i)).then((o) => onAnswer(i, o, sentAt)));
    }
    await Promise.all(pending);
  }

  close(): void {
    this.agent.destroy();
  }
}

/** A Port-style ENTITY_CREATED event with a unique id. */
export function createdEvent(
  id: string,
  blueprint: string,
  properties: Record<string, unknown> = {},
): string {
  return JSON.stringify({
    id,
    action: 'CREATE',
    resourceType: 'entity',
    trigger: {
      by: { orgId: 'org_1', userId: 'chaos' },
      origin: 'API',
      at: new Date().toISOString(),
    },
    context: { blueprintIdentifier: blueprint, entityIdentifier: id, propertyIdentifier: null },
    diff: {
      before: null,
      after: { identifier: id, title: id, blueprint, properties, relations: {}, team: [] },
    },
  });
}
