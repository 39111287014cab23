import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../log/create-logger.js';
import type { Route } from './http-route.js';
import { serveRoutes } from './serve-routes.js';
import { SERVER_TIMEOUTS } from './server-timeouts.js';

/** Serves the route table on `host:port` (port 0: any free one); resolves once listening. */
export async function startHttpServer(
  routes: readonly Route[],
  log: Logger,
  listen: { readonly port: number; readonly host: string },
): Promise<{ server: Server; url: string }> {
  const server = createServer(SERVER_TIMEOUTS, serveRoutes(routes, log));
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return { server, url: `http://${host}:${address.port}` };
}

/** Stops accepting connections and closes idle ones; requests in flight get 2 s to finish. */
export async function stopHttpServer(server: Server): Promise<void> {
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
    // Requests still in flight get a moment to finish, then their connections close.
    setTimeout(() => server.closeAllConnections(), 2000).unref();
  });
}
