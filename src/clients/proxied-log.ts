// A log whose requests nearly all come from a few addresses. Behind a load balancer or reverse proxy
// that the server does not see through, the log holds the proxy's address instead of the clients':
// every per-client signal (hostile clients, rates and z-scores, crawlers, hammering) then judges the
// proxy as one client, and "no other client requests it" holds for every path. The scan says so, with
// what to log instead, and, for a log that keeps X-Forwarded-For, how to read the client from it:
// name the proxies with --trusted-proxy (features/forwarded-client.ts). Without that the header is
// not read: its first entries are whatever the client sent.

import { cidrContains, parseCidr, parseIp } from '../features/cidr.js';

/** Below this many requests a few addresses are a few users, not evidence of a proxy. */
export const PROXIED_MIN_REQUESTS = 1_000;
/** "A few addresses": at most this many … */
export const PROXIED_FEW_ADDRESSES = 3;
/** … sending at least this share of the requests. */
export const PROXIED_SHARE = 0.9;

/** Private, loopback, link-local and shared (carrier-grade NAT) ranges: a proxy's side of the network. */
const INTERNAL = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '127.0.0.0/8', '100.64.0.0/10', '169.254.0.0/16', '::1/128', 'fc00::/7', 'fe80::/10'].map(parseCidr);

/** Whether `ip` is in a private, loopback, link-local or carrier-grade NAT range. */
export function isInternalAddress(ip: string): boolean {
  const address = parseIp(ip);
  return address !== null && INTERNAL.some((range) => cidrContains(range, address));
}

/** A client field that holds no address: a LogFormat without %h or %a, or one anonymised to `-`. */
export function isMissingAddress(ip: string): boolean {
  return ip === '' || ip === '-';
}

/**
 * The warning for a log of at least PROXIED_MIN_REQUESTS requests of which half or more carry no
 * client address, or undefined. Those requests share one id, which is no client: it is never
 * judged as one (a "client" of a whole site's requests looked like a scanner, a crawler and a form
 * bot at once), and per-client detection says nothing of them.
 * `uncounted`: requests of addresses not in `ips` (watch stops listing new addresses past a cap).
 */
export function missingAddressWarning(ips: readonly string[], requests: ArrayLike<number>, uncounted = 0): string | undefined {
  let total = uncounted;
  let missing = 0;
  for (let ipId = 0; ipId < ips.length; ipId++) {
    total += requests[ipId]!;
    if (isMissingAddress(ips[ipId]!)) missing += requests[ipId]!;
  }
  if (total < PROXIED_MIN_REQUESTS || missing < 0.5 * total) return undefined;
  return (
    `${Math.round((100 * missing) / total)} % of the ${total} requests carry no client address (none logged, or \`-\`): ` +
    'they are no client to judge (no client finding, never hostile, no form bot), so per-client detection (hostile clients, rates, crawlers) says nothing of them; log the client address (%h or %a) to have them told apart'
  );
}

/** What a log's records say beside the requests per address. */
export interface ProxiedLogCounts {
  /** Requests of addresses not in `ips` (watch stops listing new addresses past a cap). */
  uncounted?: number;
  /** Requests that carry an X-Forwarded-For value semlog reads (features/forwarded-client.ts). */
  forwarded?: number;
}

/**
 * The warning for a log whose requests nearly all come from PROXIED_FEW_ADDRESSES addresses or fewer
 * (PROXIED_SHARE of at least PROXIED_MIN_REQUESTS requests), or undefined. `requests[ipId]` is what
 * client `ips[ipId]` sent. When most requests carry X-Forwarded-For, it says so and gives the
 * --trusted-proxy flags that read the clients from it.
 */
export function proxiedLogWarning(ips: readonly string[], requests: ArrayLike<number>, counts: ProxiedLogCounts = {}): string | undefined {
  let total = counts.uncounted ?? 0;
  for (let ipId = 0; ipId < ips.length; ipId++) total += requests[ipId]!;
  if (total < PROXIED_MIN_REQUESTS) return undefined;
  const top = busiest(ips, requests, PROXIED_FEW_ADDRESSES);
  const sent = top.reduce((sum, client) => sum + client.sent, 0);
  if (sent < PROXIED_SHARE * total) return undefined;
  // Named: those that send a share worth showing (a handful of requests beside two proxies' is no proxy).
  const few = top.filter((client) => client.sent > 0 && (100 * client.sent) / total >= 0.5);
  const percent = (n: number) => `${Math.round((100 * n) / total)} %`;
  const internal = few.every((client) => isInternalAddress(client.ip)) ? `, ${few.length === 1 ? 'a private address' : 'all private addresses'}` : '';
  const list = few.map((client) => `${client.ip} ${percent(client.sent)}`).join(', ');
  return (
    `${few.length} address${few.length === 1 ? '' : 'es'} sent ${percent(sent)} of the ${total} requests (${list}${internal}): ` +
    "if a load balancer or proxy stands in front of the server, the log holds its address, not the clients', " +
    'and per-client detection (hostile clients, rates, crawlers) judges it as one client; ' +
    ((counts.forwarded ?? 0) >= 0.5 * total
      ? `this log keeps X-Forwarded-For (${percent(counts.forwarded!)} of the requests): scan it with ${few.map((client) => `--trusted-proxy ${client.ip}`).join(' ')} to read the clients from it`
      : "have the server log the client's address in its place (Tomcat's RemoteIpValve, nginx's real_ip module, Apache's mod_remoteip: %h and %a then hold the client), " +
        "or, if the log keeps X-Forwarded-For (nginx's main format, %{X-Forwarded-For}i, CloudFront's x-forwarded-for), name the proxy with --trusted-proxy to read the client from it")
  );
}

/**
 * The `k` addresses that sent the most requests, busiest first (ties by address), in one pass: every
 * scan asks, and sorting a log's tens of thousands of clients to keep three cost more than the test.
 */
function busiest(ips: readonly string[], requests: ArrayLike<number>, k: number): Array<{ ip: string; sent: number }> {
  const before = (a: { ip: string; sent: number }, b: { ip: string; sent: number }) => a.sent > b.sent || (a.sent === b.sent && a.ip < b.ip);
  const top: Array<{ ip: string; sent: number }> = [];
  for (let ipId = 0; ipId < ips.length; ipId++) {
    const client = { ip: ips[ipId]!, sent: requests[ipId]! };
    if (top.length === k && !before(client, top[k - 1]!)) continue;
    let at = Math.min(top.length, k - 1);
    if (top.length < k) top.push(client);
    else top[at] = client;
    while (at > 0 && before(client, top[at - 1]!)) {
      top[at] = top[at - 1]!;
      top[at - 1] = client;
      at--;
    }
  }
  return top;
}

/**
 * What a log's client addresses limit, one warning at most: no addresses (missingAddressWarning), or
 * a proxy's in their place (proxiedLogWarning); a log without addresses is not a proxy's.
 */
export function clientAddressWarning(ips: readonly string[], requests: ArrayLike<number>, counts: ProxiedLogCounts = {}): string | undefined {
  return missingAddressWarning(ips, requests, counts.uncounted) ?? proxiedLogWarning(ips, requests, counts);
}
