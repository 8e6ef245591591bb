import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * True for every address that is not plain public unicast: loopback, private, link-local (cloud metadata at
 * 169.254.169.254), carrier-grade NAT, unique-local, multicast, reserved, benchmarking, and IPv6 forms that
 * embed an IPv4 address (mapped ::ffff:7f00:1, NAT64, 6to4, Teredo) unless the embedded one is public.
 * URLs reach here already normalised by WHATWG parsing, so decimal (2130706433) and octal (0177.0.0.1) hosts
 * arrive as 127.0.0.1.
 */
export function isPrivateAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return true;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6') {
    const v6 = parsed as ipaddr.IPv6;
    if (v6.isIPv4MappedAddress()) parsed = v6.toIPv4Address();
    else if (['rfc6052', '6to4', 'teredo', 'rfc6145'].includes(v6.range())) return true;
  }
  return parsed.range() !== 'unicast';
}

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
