// IPv6 clients counted by their network. A host or subscriber gets a whole /64 (often a /56 or /48),
// and picks its interface id inside it at will: privacy addresses change daily, and a client that
// wants to look like many (a scanner spreading its probes, a brute force under a rate limit) can take
// a new address for every request. Every per-client rule then sees a crowd of one-request clients.
// With `ipv6Prefix` (--ipv6-prefix 64), an IPv6 client is its /N network, written `2001:db8:1:2::/64`;
// IPv4 clients stay as logged. Off by default: the report then names each address as logged.

import { checkNumber } from '../options/check-number.js';
import { OPTION_RULES } from '../options/option-rules.js';
import { formatIpv6, mask, parseIp } from './cidr.js';

/** Distinct addresses whose network is cached before the cache is cleared. */
const MAX_CACHED_ADDRESSES = 100_000;

/** The client of an address: its /`prefix` network when it is IPv6, else the address as logged. `label` names the option in errors. */
export function createIpv6Network(prefix: number, label = 'option scope.ipv6Prefix'): (address: string) => string {
  checkNumber(label, prefix, OPTION_RULES.ipv6Prefix);
  const keep = mask(128, prefix);
  const cache = new Map<string, string>();
  return (address) => {
    let client = cache.get(address);
    if (client !== undefined) return client;
    const ip = address.includes(':') ? parseIp(address) : null;
    client = ip === null || ip.version === 4 ? address : `${formatIpv6(ip.value & keep)}/${prefix}`;
    if (cache.size >= MAX_CACHED_ADDRESSES) cache.clear();
    cache.set(address, client);
    return client;
  };
}
