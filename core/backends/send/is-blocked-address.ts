import { isIP } from 'node:net';

/**
 * Link-local (169.254.0.0/16, fe80::/10) and cloud metadata (fd00:ec2::254) addresses,
 * including IPv4-mapped IPv6 forms: destinations an automation must not reach by default.
 */
export function isBlockedAddress(address: string): boolean {
  const version = isIP(address);
  if (version === 4) return address.startsWith('169.254.');
  if (version !== 6) return false;
  const lower = address.toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (mapped) return mapped[1]!.startsWith('169.254.');
  if (/^fe[89ab][0-9a-f]?:/.test(lower)) return true;
  return expand(lower) === 'fd00:0ec2:0000:0000:0000:0000:0000:0254';
}

function expand(address: string): string {
  const [head = '', tail = ''] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const middle = address.includes('::') ? Array(8 - left.length - right.length).fill('0') : [];
  return [...left, ...middle, ...right].map((part) => part.padStart(4, '0')).join(':');
}
