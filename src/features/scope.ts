// Decides who a record's client is (behind trusted proxies), which records are out of scope
// (excluded networks) or trusted (allowlists), and counts them per rule so that the summary can say
// what was set aside or re-addressed instead of doing it silently.
import { UsageError } from '../errors.js';
import type { LogRecord } from '../types.js';
import { cidrContains, parseCidr, parseIp, type Cidr } from './cidr.js';
import { createForwardedClient } from './forwarded-client.js';
import { createIpv6Network } from './ipv6-network.js';

export interface ScopeOptions {
  /**
   * CIDR blocks or addresses of load balancers and reverse proxies: a record logged with one of
   * them as its client is given the client its X-Forwarded-For names (features/forwarded-client.ts),
   * before the rules below look at the address.
   */
  trustedProxies?: readonly string[];
  /**
   * Count an IPv6 client by its /N network (features/ipv6-network.ts), after the rules below have
   * seen its address; IPv4 clients stay as logged. Default: each address is a client.
   */
  ipv6Prefix?: number;
  /** CIDR blocks or addresses whose traffic is not analysed at all (internal subnets, monitors). */
  exclude?: readonly string[];
  /** CIDR blocks or addresses that are trusted: counted, not scored. */
  allowIps?: readonly string[];
  /**
   * User-agent patterns that are trusted. Plain text is a case-insensitive substring; only
   * `/…/flags` is a regular expression. Users paste agent strings full of `(`, `+` and `.`, and
   * treating them as regexes would both mis-match and invite catastrophic backtracking.
   */
  allowUserAgents?: readonly string[];
  /** Records before this time (epoch ms) are left out: `--since`. */
  sinceMs?: number;
  /** Records at or after this time (epoch ms) are left out: `--until`. */
  untilMs?: number;
}

export type ScopeVerdict = 'excluded' | 'allowlisted';

/** Records set aside so far, per verdict and per rule (the pattern as the user wrote it). */
export interface ScopeCounts {
  excluded: Record<string, number>;
  allowlisted: Record<string, number>;
  /** Records whose client was read from X-Forwarded-For, per trusted proxy rule; only with trustedProxies. */
  forwarded?: Record<string, number>;
}

export type ScopeClassifier = ((record: LogRecord) => ScopeVerdict | null) & {
  readonly counts: ScopeCounts;
  /** How the scan names the client at `address` (an IPv6 network with ipv6Prefix): what client labels are matched by. */
  clientName(address: string): string;
};

/** User agents longer than this are matched on their start only: bounds the cost of user regexes. */
const MAX_AGENT_CHARS = 512;
/** Distinct client IPs whose network verdict is cached before the cache is cleared. */
const MAX_CACHED_IPS = 100_000;

export function createScope(options: ScopeOptions = {}): ScopeClassifier {
  const exclude = (options.exclude ?? []).map(parseCidr);
  const allowIps = (options.allowIps ?? []).map(parseCidr);
  const agents = (options.allowUserAgents ?? []).map(agentMatcher);
  const counts: ScopeCounts = { excluded: {}, allowlisted: {} };
  // Checked whenever given (a string or a number is no list); an empty list reads nobody through a proxy.
  const forwarded = options.trustedProxies === undefined ? undefined : createForwardedClient(options.trustedProxies);
  if (forwarded && options.trustedProxies!.length > 0) counts.forwarded = {};
  const network = options.ipv6Prefix === undefined ? undefined : createIpv6Network(options.ipv6Prefix);
  const cache = new Map<string, readonly [ScopeVerdict, string] | null>();
  const networkVerdict = (ip: string): readonly [ScopeVerdict, string] | null => {
    let verdict = cache.get(ip);
    if (verdict !== undefined) return verdict;
    const address = parseIp(ip);
    const hit = (list: Cidr[]): Cidr | undefined => (address === null ? undefined : list.find((cidr) => cidrContains(cidr, address)));
    const excluded = hit(exclude);
    const allowed = excluded === undefined ? hit(allowIps) : undefined;
    verdict = excluded !== undefined ? ['excluded', excluded.text] : allowed !== undefined ? ['allowlisted', allowed.text] : null;
    if (cache.size >= MAX_CACHED_IPS) cache.clear();
    cache.set(ip, verdict);
    return verdict;
  };
  const timeVerdict = timeRange(options.sinceMs, options.untilMs);
  const classify = (record: LogRecord): ScopeVerdict | null => {
    if (forwarded) {
      const proxy = forwarded(record);
      if (proxy !== null) counts.forwarded![proxy] = (counts.forwarded![proxy] ?? 0) + 1;
    }
    // Exclusion wins over allowlisting: excluded traffic is out of the analysis entirely.
    let verdict = timeVerdict(record.timeMs) ?? (exclude.length + allowIps.length > 0 ? networkVerdict(record.clientIp) : null);
    if (verdict === null && agents.length > 0 && record.userAgent !== '') {
      const agent = record.userAgent.slice(0, MAX_AGENT_CHARS);
      const matched = agents.find((matcher) => matcher.test(agent));
      if (matched !== undefined) verdict = ['allowlisted', `ua:${matched.text}`];
    }
    if (verdict === null) {
      if (network) record.clientIp = network(record.clientIp);
      return null;
    }
    const [kind, rule] = verdict;
    counts[kind][rule] = (counts[kind][rule] ?? 0) + 1;
    return kind;
  };
  return Object.assign(classify, { counts, clientName: (address: string) => (network ? network(address) : address) });
}

/** The rule a record's time breaks, if any; a record without a time cannot be placed in the range. */
function timeRange(sinceMs: number | undefined, untilMs: number | undefined) {
  if (sinceMs === undefined && untilMs === undefined) return () => null;
  if (sinceMs !== undefined && untilMs !== undefined && sinceMs >= untilMs) {
    throw new UsageError('--since must be earlier than --until', { hint: 'swap them, or drop one' });
  }
  const before = sinceMs === undefined ? '' : `before --since ${new Date(sinceMs).toISOString()}`;
  const after = untilMs === undefined ? '' : `at or after --until ${new Date(untilMs).toISOString()}`;
  return (timeMs: number | null): readonly [ScopeVerdict, string] | null => {
    if (timeMs === null) return ['excluded', 'no time (--since/--until)'];
    if (sinceMs !== undefined && timeMs < sinceMs) return ['excluded', before];
    if (untilMs !== undefined && timeMs >= untilMs) return ['excluded', after];
    return null;
  };
}

interface AgentMatcher {
  text: string;
  test: (agent: string) => boolean;
}

function agentMatcher(pattern: string): AgentMatcher {
  const regex = /^\/(.+)\/([a-z]*)$/s.exec(pattern);
  if (regex === null) {
    const needle = pattern.toLowerCase();
    if (needle === '') throw new UsageError('an empty user-agent allowlist pattern would allow everything', { hint: 'remove it or write a substring such as Googlebot' });
    return { text: pattern, test: (agent) => agent.toLowerCase().includes(needle) };
  }
  try {
    // A global or sticky flag would make test() stateful and skip matches.
    const compiled = new RegExp(regex[1] ?? '', (regex[2] ?? '').replace(/[gy]/g, ''));
    return { text: pattern, test: (agent) => compiled.test(agent) };
  } catch (error) {
    throw new UsageError(`user-agent pattern ${pattern} is not a valid regular expression`, {
      hint: 'write plain text for a substring match, or fix the /regex/',
      cause: error,
    });
  }
}
