import { classifyAddress } from './classify-address.js';

/**
 * Link-local (169.254.0.0/16, fe80::/10) and cloud metadata addresses, including every
 * IPv6 spelling that embeds one (`::ffff:169.254.169.254` is `::ffff:a9fe:a9fe` once a URL
 * is parsed): destinations no request may reach by default.
 */
export function isBlockedAddress(address: string): boolean {
  const kind = classifyAddress(address);
  return kind === 'link-local' || kind === 'metadata';
}
