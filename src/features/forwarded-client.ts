// Who the client is behind a load balancer or reverse proxy that the server does not see through:
// the log's address is then the proxy's, and the client's is in the X-Forwarded-For header, if the
// log keeps it. Only addresses the user names as proxies are looked through, as nginx's real_ip
// (`real_ip_recursive on`) and Tomcat's RemoteIpValve do: the header's entries are whatever the
// client sent, so only the hops appended by trusted proxies can be believed.
import { UsageError } from '../errors.js';
import type { LogRecord } from '../types.js';
import { cidrContains, parseCidr, parseIp, type Cidr } from './cidr.js';

/** Distinct addresses whose trust is cached before the cache is cleared. */
const MAX_CACHED_ADDRESSES = 100_000;
/**
 * Hops read from the right of a header. A real chain of proxies is a handful; the header's left end is
 * the client's to write, up to the line's length, and must not cost a parse per entry of every line.
 */
export const MAX_HOPS = 32;
/** What an address list can hold: hex digits, dots, colons, brackets, commas, spaces. */
const ADDRESS_LIST_CHARS = /^[0-9A-Fa-f.:[\], ]*$/;

export interface ForwardedClient {
  /**
   * The client of `record`: its logged address, or, when that is a trusted proxy, the rightmost
   * address of its X-Forwarded-For that is not one. Sets `record.clientIp`; returns the trusted
   * proxy rule (as the user wrote it) that the logged address matched when the client changed, else null.
   */
  (record: LogRecord): string | null;
}

/** `trustedProxies`: CIDR blocks or addresses (throws UsageError on one that is not). */
export function createForwardedClient(trustedProxies: readonly string[]): ForwardedClient {
  if (!Array.isArray(trustedProxies) || !trustedProxies.every((proxy) => typeof proxy === 'string')) {
    throw new UsageError('scope.trustedProxies must be a list of IP addresses or CIDR blocks', { hint: "e.g. ['10.0.0.0/8']" });
  }
  const proxies = trustedProxies.map(parseCidr);
  const cache = new Map<string, Cidr | null>();
  const proxyRule = (address: string): Cidr | null => {
    let rule = cache.get(address);
    if (rule !== undefined) return rule;
    const ip = parseIp(address);
    rule = ip === null ? null : (proxies.find((cidr) => cidrContains(cidr, ip)) ?? null);
    if (cache.size >= MAX_CACHED_ADDRESSES) cache.clear();
    cache.set(address, rule);
    return rule;
  };
  return (record) => {
    const rule = proxyRule(record.clientIp);
    if (rule === null) return null;
    const header = forwardedFor(record);
    if (header === undefined) return null;
    const client = clientBehind(header, (address) => proxyRule(address) !== null);
    if (client === null || client === record.clientIp) return null;
    record.clientIp = client;
    return rule.text;
  };
}

/**
 * The warning for a run given trusted proxies that read no record's client through them
 * (`readThrough`: records re-addressed; undefined without trusted proxies), or undefined: the proxies'
 * addresses are not the log's, or the log keeps no X-Forwarded-For that semlog reads. Not for no records.
 */
export function unusedProxiesWarning(readThrough: number | undefined, records: number): string | undefined {
  if (readThrough === undefined || readThrough > 0 || records === 0) return undefined;
  return (
    `--trusted-proxy was given, but no request's client was read through it: no request was logged with a trusted proxy's address ` +
    "and an X-Forwarded-For value semlog reads (nginx's main format, %{X-Forwarded-For}i, CloudFront's x-forwarded-for)"
  );
}

/**
 * The client that an X-Forwarded-For value names, read from the right as each proxy appended its
 * peer: the first address that is not a trusted proxy, or the leftmost when all are. Null when the
 * value is empty, a hop on the way is no address (`unknown`, a forged value), or MAX_HOPS trusted
 * hops lead to no client: the chain cannot be followed, and the logged address stays.
 */
export function clientBehind(header: string, trusted: (address: string) => boolean): string | null {
  const hops = header.split(',');
  let client: string | null = null;
  for (let i = hops.length - 1; i >= 0; i--) {
    if (hops.length - i > MAX_HOPS) return null;
    const address = addressOf(hops[i]!);
    if (address === null) return null;
    client = address;
    if (!trusted(address)) break;
  }
  return client;
}

/** A hop's address without a port (`1.2.3.4:5678`, `[2001:db8::1]:443`), or null when it is none. */
function addressOf(hop: string): string | null {
  let text = hop.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(text);
  if (bracketed) text = bracketed[1]!;
  else if (/^[\d.]+:\d+$/.test(text)) text = text.slice(0, text.indexOf(':'));
  return parseIp(text) === null ? null : text;
}

/**
 * The X-Forwarded-For value a record carries: a LogFormat's `%{X-Forwarded-For}i` (any case),
 * CloudFront's `x-forwarded-for` column, AWS WAF's X-Forwarded-For request header (both kept as
 * `forwardedFor`), or the one trailing field after a combined line's user
 * agent when it holds only addresses (nginx's `main` format ends with `"$http_x_forwarded_for"`).
 */
export function forwardedFor(record: LogRecord): string | undefined {
  const extras = record.extras;
  if (extras === null) return undefined;
  if (extras['forwardedFor'] !== undefined) return extras['forwardedFor'];
  for (const key in extras) {
    if (key.length === 15 && key.toLowerCase() === 'x-forwarded-for') return extras[key];
  }
  const trailing = extras['trailing'];
  return trailing === undefined ? undefined : addressListField(trailing);
}

/**
 * One field, quoted or not, that is a comma-separated list of addresses; else undefined. Checked by
 * its characters and its last hop (the one read first), not by parsing every entry the client wrote.
 */
function addressListField(trailing: string): string | undefined {
  const field = trailing.length >= 2 && trailing.startsWith('"') && trailing.endsWith('"') ? trailing.slice(1, -1) : trailing;
  if (field === '' || !ADDRESS_LIST_CHARS.test(field)) return undefined;
  return addressOf(field.slice(field.lastIndexOf(',') + 1)) === null ? undefined : field;
}
