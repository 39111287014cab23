import { promises as dns } from 'node:dns';
import { isIP } from 'node:net';

export interface ResolvedAddress {
  readonly address: string;
  readonly family: 4 | 6;
}

/** Every address a host name resolves to (an IP literal resolves to itself). */
export type ResolveHost = (hostname: string) => Promise<ResolvedAddress[]>;

/** The system resolver (getaddrinfo, as `http.request` would use). */
export const systemResolve: ResolveHost = async (hostname) => {
  const found = await dns.lookup(hostname, { all: true, verbatim: true });
  return found.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

/**
 * A resolver that asks these DNS servers (`host` or `host:port`) for A and AAAA records
 * instead of the system's configuration (`SWITCHYARD_DNS_SERVERS`).
 */
export function dnsServersResolve(servers: readonly string[]): ResolveHost {
  const resolver = new dns.Resolver({ timeout: 2000, tries: 2 });
  resolver.setServers([...servers]);
  return async (hostname) => {
    const literal = isIP(hostname);
    if (literal) return [{ address: hostname, family: literal === 6 ? 6 : 4 }];
    const settle = (p: Promise<string[]>) =>
      p.then(
        (list) => ({ list, error: undefined }),
        (error: Error) => ({ list: [] as string[], error }),
      );
    const [v4, v6] = await Promise.all([
      settle(resolver.resolve4(hostname)),
      settle(resolver.resolve6(hostname)),
    ]);
    const found = [
      ...v4.list.map((address) => ({ address, family: 4 as const })),
      ...v6.list.map((address) => ({ address, family: 6 as const })),
    ];
    if (found.length === 0) throw v4.error ?? v6.error ?? new Error(`${hostname}: no address`);
    return found;
  };
}
