import { isIP } from 'node:net';

/** What an IP address is, for deciding whether an automation may reach it. */
export type AddressKind =
  | 'public'
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'metadata'
  | 'multicast'
  | 'reserved';

/** The 4 or 16 bytes of an IP literal (IPv6 with or without brackets), or undefined. */
export function addressBytes(address: string): number[] | undefined {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const version = isIP(bare);
  if (version === 4) return bare.split('.').map(Number);
  if (version !== 6) return undefined;
  let text = bare.toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted[1]!.split('.').map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail = ''] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const middle = text.includes('::') ? Array(8 - left.length - right.length).fill('0') : [];
  return [...left, ...middle, ...right].flatMap((group) => {
    const value = parseInt(group, 16);
    return [value >> 8, value & 0xff];
  });
}

/**
 * Classifies an IP literal: loopback, private (RFC 1918, CGNAT, benchmarking, IPv6 ULA and
 * site-local), link-local, cloud metadata (169.254.169.254, fd00:ec2::254, 100.100.100.200,
 * 192.0.0.192), unspecified (0.0.0.0/8, ::), multicast, reserved, else public. IPv6 forms that
 * embed an IPv4 address (mapped `::ffff:a.b.c.d` in any spelling, IPv4-compatible, NAT64
 * `64:ff9b::/96`, 6to4 `2002::/16`) are classified by the IPv4 address they carry.
 * Undefined for anything that is not an IP literal.
 */
export function classifyAddress(address: string): AddressKind | undefined {
  const bytes = addressBytes(address);
  if (!bytes) return undefined;
  return bytes.length === 4 ? classifyV4(bytes) : classifyV6(bytes);
}

function classifyV4(bytes: readonly number[]): AddressKind {
  const [a = 0, b = 0, c = 0, d = 0] = bytes;
  if (a === 169 && b === 254) return c === 169 && d === 254 ? 'metadata' : 'link-local';
  if (a === 100 && b === 100 && c === 100 && d === 200) return 'metadata';
  if (a === 192 && b === 0 && c === 0 && d === 192) return 'metadata';
  if (a === 0) return 'unspecified';
  if (a === 127) return 'loopback';
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'private';
  if (a === 100 && b >= 64 && b <= 127) return 'private';
  if (a === 198 && (b === 18 || b === 19)) return 'private';
  if (a === 192 && b === 0 && c === 0) return 'reserved';
  if (a >= 224 && a <= 239) return 'multicast';
  if (a >= 240) return 'reserved';
  return 'public';
}

function classifyV6(bytes: number[]): AddressKind {
  const zeroUpTo = (n: number) => bytes.slice(0, n).every((x) => x === 0);
  const v4 = (from: number) => classifyV4(bytes.slice(from, from + 4));
  if (zeroUpTo(16)) return 'unspecified';
  if (zeroUpTo(15) && bytes[15] === 1) return 'loopback';
  if (zeroUpTo(10) && bytes[10] === 0xff && bytes[11] === 0xff) return v4(12);
  if (zeroUpTo(12)) return v4(12);
  const prefix = bytes.slice(0, 12).join(',');
  if (prefix === '0,100,255,155,0,0,0,0,0,0,0,0') return v4(12);
  if (bytes[0] === 0x20 && bytes[1] === 0x02) return v4(2);
  const hex = bytes.map((x) => x.toString(16).padStart(2, '0')).join('');
  if (hex === 'fd000ec2000000000000000000000254') return 'metadata';
  if (bytes[0]! >= 0xfc && bytes[0]! <= 0xfd) return 'private';
  if (bytes[0] === 0xfe && (bytes[1]! & 0xc0) === 0x80) return 'link-local';
  if (bytes[0] === 0xfe && (bytes[1]! & 0xc0) === 0xc0) return 'private';
  if (bytes[0] === 0xff) return 'multicast';
  return 'public';
}
