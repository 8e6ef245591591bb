import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

const PRIVATE_V4 = [/^10\./, /^127\./, /^169\.254\./, /^172\.(1[6-9]|2\d|3[01])\./, /^192\.168\./, /^0\./, /^100\.(6[4-9]|[7-9]\d|1[01]\d|12[0-7])\./];

/** Loopback, private, link-local and carrier-grade NAT addresses. */
export const isPrivateAddress = (address: string) => (isIP(address) === 6 ? /^(::1?$|f[cd]|fe80|::ffff:(10|127|192\.168|169\.254)\.)/i.test(address) : PRIVATE_V4.some((r) => r.test(address)));

/**
 * Why the platform must not fetch this URL, or null: only http(s), and no host on a private network
 * unless allowed by name (host:port), so what users type cannot make the platform probe its own network.
 */
export async function refusedAddress(url: URL, privateHostsAllowed: string[]): Promise<string | null> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'only http and https links are checked';
  if (privateHostsAllowed.includes(url.host)) return null;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  try {
    const addresses = isIP(host) ? [{ address: host }] : await lookup(host, { all: true });
    if (addresses.some((a) => isPrivateAddress(a.address))) return 'the host is on a private network';
  } catch {
    return 'the host name does not resolve';
  }
  return null;
}
