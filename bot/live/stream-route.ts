import type { IncomingMessage, ServerResponse } from 'node:http';
import { assertUiAvailable, authenticate } from '../api/authenticate.js';
import { ApiError } from '../api/api-error.js';
import type { BotContext } from '../bot-context.js';
import type { NodeRoute } from '../http/http-route.js';

/** Comment lines keep proxies and browsers from closing an idle stream. */
export const HEARTBEAT_MS = 15_000;

/**
 * `GET /v1/stream`: server-sent events of the bot's live feed (`run`, `event`), authenticated
 * like every API route (Bearer or the UI's cookie), a heartbeat comment every 15 s, at most
 * `maxListeners` clients (503 beyond), ended cleanly when the bot stops.
 */
export function streamRoutes(ctx: BotContext): readonly NodeRoute[] {
  return [
    {
      method: 'GET',
      pattern: '/v1/stream',
      async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
        assertUiAvailable(ctx.config);
        authenticate(req, ctx.config, Date.now());
        const live = ctx.live;
        if (live === undefined) throw new ApiError(503, 'unavailable', 'no live feed here');
        let finish: () => void = () => undefined;
        const done = new Promise<void>((resolve) => (finish = resolve));
        const end = (): void => {
          clearInterval(heartbeat);
          unsubscribe?.();
          if (!res.writableEnded) res.end();
          finish();
        };
        const unsubscribe = live.subscribe((message) => {
          res.write(`event: ${message.event}\ndata: ${JSON.stringify(message.data)}\n\n`);
        }, end);
        if (unsubscribe === null) {
          throw new ApiError(
            503,
            'too_many_streams',
            `at most ${live.maxListeners} live streams at once; close another tab`,
          );
        }
        res.writeHead(200, {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-store',
          'x-accel-buffering': 'no',
          connection: 'keep-alive',
        });
        res.write(': connected\nretry: 2000\n\n');
        const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS);
        heartbeat.unref();
        req.on('close', end);
        await done;
      },
    },
  ];
}
