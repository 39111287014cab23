import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';

/** Connections open at once to one origin; more requests wait for a free one. */
export const MAX_SOCKETS_PER_ORIGIN = 64;
/** Origins whose agents are kept; the least recently used one beyond this is closed. */
const MAX_ORIGINS = 256;
/** An idle kept-alive connection is closed after this long (below common server timeouts). */
const IDLE_MS = 4000;

const agents = new Map<string, HttpAgent>();

/**
 * The keep-alive agent for `url`'s origin (scheme, host, port) at the checked `address` it was
 * resolved to: connections are reused across requests to the same origin and address (so a
 * reused connection goes only where this request's own destination check allowed), at most
 * `MAX_SOCKETS_PER_ORIGIN` at once, idle ones closed after a few seconds; agents not used for a
 * while are let go when many are open.
 */
export function agentForOrigin(url: URL, address: string): HttpAgent {
  const origin = `${url.protocol}//${url.host} ${address}`;
  let agent = agents.get(origin);
  if (agent !== undefined) {
    // Most recently used last, so the first one is the one to close.
    agents.delete(origin);
    agents.set(origin, agent);
    return agent;
  }
  const options = {
    keepAlive: true,
    maxSockets: MAX_SOCKETS_PER_ORIGIN,
    maxFreeSockets: MAX_SOCKETS_PER_ORIGIN,
    timeout: IDLE_MS,
    scheduling: 'lifo' as const,
  };
  agent = url.protocol === 'https:' ? new HttpsAgent(options) : new HttpAgent(options);
  agents.set(origin, agent);
  // A forgotten agent is not destroyed: its requests in flight finish, its idle connections
  // close after IDLE_MS.
  if (agents.size > MAX_ORIGINS) agents.delete(agents.keys().next().value as string);
  return agent;
}
