import type { ServerOptions } from 'node:http';

/**
 * Bounds for slow clients (slowloris): the request headers must arrive within 10 s and the
 * whole request within 30 s, checked every second (Node checks every 30 s by default, which
 * lets a client that sends one byte at a time hold a connection for minutes).
 */
export const SERVER_TIMEOUTS: ServerOptions = {
  headersTimeout: 10_000,
  requestTimeout: 30_000,
  connectionsCheckingInterval: 1_000,
};
