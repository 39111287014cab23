import { addressBytes, classifyAddress, type AddressKind } from './classify-address.js';

/** Names that always mean a cloud metadata service, whatever they resolve to. */
const METADATA_NAMES = new Set(['metadata.google.internal', 'metadata', 'metadata.azure.internal']);

/** One entry of the allow-list: a network (CIDR or single address) or a host name. */
export type AllowedDestination =
  | { readonly kind: 'network'; readonly bytes: readonly number[]; readonly bits: number }
  | { readonly kind: 'host'; readonly name: string; readonly subdomains: boolean };

/**
 * Where definition-controlled requests (WEBHOOK urls) may go. By default only public
 * addresses: loopback, private ranges, link-local, cloud metadata, unspecified (0.0.0.0, ::),
 * multicast and reserved addresses are refused unless allow-listed
 * (`SWITCHYARD_ALLOWED_DESTINATIONS`); link-local and metadata also by
 * `SWITCHYARD_ALLOW_METADATA_ADDRESSES`.
 */
export interface DestinationPolicy {
  readonly allowed: readonly AllowedDestination[];
  readonly allowMetadata: boolean;
}

export const DEFAULT_DESTINATION_POLICY: DestinationPolicy = { allowed: [], allowMetadata: false };

/**
 * Parses a comma-separated allow-list: `10.0.0.0/8`, `127.0.0.1`, `::1`, `fd00::/8`,
 * `hooks.internal`, `*.svc.cluster.local`. Throws an Error naming the bad entry.
 */
export function parseAllowedDestinations(text: string | undefined): AllowedDestination[] {
  const entries = (text ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  return entries.map((entry): AllowedDestination => {
    const [address = '', bitsText] = entry.split('/');
    const bytes = addressBytes(address);
    if (bytes) {
      const max = bytes.length * 8;
      const bits = bitsText === undefined ? max : Number(bitsText);
      if (!Number.isInteger(bits) || bits < 0 || bits > max) {
        throw new Error(`"${entry}": the prefix length must be an integer from 0 to ${max}`);
      }
      return { kind: 'network', bytes, bits };
    }
    if (
      bitsText !== undefined ||
      !/^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\.?$/i.test(entry)
    ) {
      throw new Error(
        `"${entry}" is neither an IP address, a CIDR network (10.0.0.0/8) nor a host name (hooks.internal, *.svc.local)`,
      );
    }
    const subdomains = entry.startsWith('*.');
    return {
      kind: 'host',
      name: (subdomains ? entry.slice(2) : entry).toLowerCase().replace(/\.$/, ''),
      subdomains,
    };
  });
}

function inNetwork(bytes: readonly number[], network: AllowedDestination & { kind: 'network' }) {
  if (bytes.length !== network.bytes.length) return false;
  for (let bit = 0; bit < network.bits; bit++) {
    const mask = 0x80 >> (bit % 8);
    const i = Math.floor(bit / 8);
    if ((bytes[i]! & mask) !== (network.bytes[i]! & mask)) return false;
  }
  return true;
}

function hostAllowed(hostname: string, policy: DestinationPolicy): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  return policy.allowed.some(
    (e) => e.kind === 'host' && (e.name === name || (e.subdomains && name.endsWith(`.${e.name}`))),
  );
}

/** Whether a host name always means a cloud metadata service (metadata.google.internal). */
export function isMetadataName(hostname: string): boolean {
  return METADATA_NAMES.has(hostname.toLowerCase().replace(/\.$/, ''));
}

const DESCRIBE: Record<Exclude<AddressKind, 'public'>, string> = {
  unspecified: 'an unspecified address (0.0.0.0, ::)',
  loopback: 'a loopback address',
  private: 'a private-network address',
  'link-local': 'a link-local address',
  metadata: 'a cloud metadata address',
  multicast: 'a multicast address',
  reserved: 'a reserved address',
};

/**
 * Why `policy` refuses a request to `hostname` that would connect to `address` (the
 * hostname itself when it is an IP literal), or undefined when it may go ahead.
 */
export function destinationRefusal(
  hostname: string,
  address: string,
  policy: DestinationPolicy,
): string | undefined {
  const host = hostname.replace(/^\[|\]$/g, '');
  const kind: AddressKind = isMetadataName(host)
    ? 'metadata'
    : (classifyAddress(address) ?? 'reserved');
  if (kind === 'public') return undefined;
  if ((kind === 'metadata' || kind === 'link-local') && policy.allowMetadata) return undefined;
  if (hostAllowed(host, policy)) return undefined;
  const bytes = addressBytes(address);
  if (bytes && policy.allowed.some((e) => e.kind === 'network' && inNetwork(bytes, e))) {
    return undefined;
  }
  const where = host === address ? host : `${host} (${address})`;
  return `refused to connect to ${where}: ${DESCRIBE[kind]}; add it to SWITCHYARD_ALLOWED_DESTINATIONS if this destination is intended`;
}
