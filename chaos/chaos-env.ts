import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const EVENTS_SECRET = 'chaos-events-secret-Xq7';
export const WEBHOOK_SECRET = 'chaos-webhook-secret-Zr4';
/** The `{{ .secrets.HOOK_TOKEN }}` value; figure 7 looks for it everywhere it must not be. */
export const HOOK_TOKEN = 'chaos-hook-token-Pv9/sEcReT+&=';

/** A temp folder for one figure, with an automations/ folder holding these definitions. */
export function figureDir(
  name: string,
  definitions: Record<string, unknown>,
): { dir: string; folder: string } {
  const dir = mkdtempSync(join(tmpdir(), `sy-chaos-${name}-`));
  const folder = join(dir, 'automations');
  mkdirSync(folder);
  for (const [file, definition] of Object.entries(definitions)) {
    writeFileSync(
      join(folder, file),
      typeof definition === 'string' ? definition : JSON.stringify(definition, null, 2),
    );
  }
  return { dir, folder };
}

/** The environment every figure's server gets. */
export function baseEnv(
  folder: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    SWITCHYARD_DEFINITIONS: folder,
    SWITCHYARD_EVENTS_SECRET: EVENTS_SECRET,
    SWITCHYARD_WEBHOOK_SECRET: WEBHOOK_SECRET,
    SWITCHYARD_SECRET_HOOK_TOKEN: HOOK_TOKEN,
    // The receivers are on loopback; webhooks may not go there by default.
    SWITCHYARD_ALLOWED_DESTINATIONS: '127.0.0.1',
    ...extra,
  };
}

/** A free TCP port on 127.0.0.1 (so a restarted server comes back on the same one). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** An automation posting to `url` on ENTITY_CREATED of `blueprint`. */
export function webhookOn(
  identifier: string,
  blueprint: string,
  url: string,
  extra: { body?: unknown; headers?: Record<string, string>; conditions?: string[] } = {},
): Record<string, unknown> {
  return {
    identifier,
    trigger: {
      type: 'automation',
      event: { type: 'ENTITY_CREATED', blueprintIdentifier: blueprint },
      ...(extra.conditions
        ? { condition: { type: 'JQ', expressions: extra.conditions, combinator: 'and' } }
        : {}),
    },
    invocationMethod: {
      type: 'WEBHOOK',
      url,
      synchronized: true,
      ...(extra.headers ? { headers: extra.headers } : {}),
      body: extra.body ?? { run: '{{ .run.id }}', entity: '{{ .event.context.entityIdentifier }}' },
    },
    publish: true,
  };
}

export interface Figure {
  readonly figure: string;
  readonly ok: boolean;
  readonly rows: Record<string, string | number | boolean>;
  /** Files the secrets figure scans (DB, WAL, logs, captured answers). */
  readonly artifacts?: string[];
}
