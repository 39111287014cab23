import { createSocket, type Socket } from 'node:dgram';
import { isIPv4 } from 'node:net';
import { addressBytes } from '../../core/backends/send/classify-address.js';

export interface LoopbackDnsServer {
  /** `127.0.0.1:<port>`, for `SWITCHYARD_DNS_SERVERS` or `dns.Resolver#setServers`. */
  readonly server: string;
  /** Names asked for, in order (lower case, no trailing dot). */
  readonly queries: string[];
  close(): Promise<void>;
}

/**
 * A real DNS server on UDP 127.0.0.1 that answers A and AAAA queries from `records`
 * (name → addresses; IPv4 ones answer A, IPv6 ones AAAA), NXDOMAIN for unknown names.
 */
export async function startLoopbackDns(
  records: Readonly<Record<string, readonly string[]>>,
): Promise<LoopbackDnsServer> {
  const queries: string[] = [];
  const socket: Socket = createSocket('udp4');
  socket.on('message', (message, peer) => {
    const answer = respond(message, records, queries);
    if (answer) socket.send(answer, peer.port, peer.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    server: `127.0.0.1:${socket.address().port}`,
    queries,
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };
}

function respond(
  query: Buffer,
  records: Readonly<Record<string, readonly string[]>>,
  queries: string[],
): Buffer | undefined {
  if (query.length < 12) return undefined;
  let at = 12;
  const labels: string[] = [];
  while (at < query.length && query[at] !== 0) {
    const length = query[at]!;
    labels.push(query.subarray(at + 1, at + 1 + length).toString('latin1'));
    at += 1 + length;
  }
  const questionEnd = at + 5;
  if (questionEnd > query.length) return undefined;
  const type = query.readUInt16BE(at + 1);
  const name = labels.join('.').toLowerCase();
  queries.push(name);
  const known = records[name];
  const matching = (known ?? []).filter((a) =>
    type === 1 ? isIPv4(a) : type === 28 && !isIPv4(a),
  );
  const header = Buffer.alloc(12);
  query.copy(header, 0, 0, 2); // id
  header.writeUInt16BE(0x8180 | (known ? 0 : 3), 2); // response, RD+RA, NOERROR / NXDOMAIN
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(matching.length, 6);
  const answers = matching.map((address) => {
    const bytes = Buffer.from(addressBytes(address)!);
    const record = Buffer.alloc(12);
    record.writeUInt16BE(0xc00c, 0); // pointer to the question's name
    record.writeUInt16BE(type, 2);
    record.writeUInt16BE(1, 4); // IN
    record.writeUInt32BE(5, 6); // TTL
    record.writeUInt16BE(bytes.length, 10);
    return Buffer.concat([record, bytes]);
  });
  return Buffer.concat([header, query.subarray(12, questionEnd), ...answers]);
}
