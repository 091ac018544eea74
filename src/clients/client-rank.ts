// How bad a client's behaviour is, as one number for the ranking, with labels and reasons:
//
//   score = structured score (× 0.25 for a well-behaved known crawler or monitor)
//         + 2·log2(1 + its lines that are findings)
//         + 10 when hostile (payloads, probes, a scanner's user agent)
//           + 2 for each class of attack payload it sent (SEVERE_TAGS: SQL injection, XSS, code or
//             command injection, traversal, Log4Shell, Shellshock, overflow), so that a client that
//             injects SQL ranks above one that only guessed /wp-login.php, which it tied with
//         + 10 + 2·log2(1 + its requests to that URI) when hammering (one URI at ≥ 10 requests/min,
//           50 times or more: those requests are the attack, though none of them is a finding alone)
//         + 10 + 2·log2(1 + its instant POSTs) when a form bot (most of its POSTs, 2 or more, sent
//           within a second of loading the form: no person fills a form that fast)
//
// A known crawler or monitor is one whose user agent says so and whose behaviour agrees: no attack,
// at most half of its requests failing (a scanner borrowing Googlebot's name probes paths that fail),
// not counting the files a crawler asks every site for, whether the site has them or not
// (client-context.ts crawlerMisses: /ads.txt, sitemaps, icons), or more when every failure is a dead
// link a polite crawler followed (client-context.ts followsDeadLinks), and one user agent (a client
// that rotates its user agents is not the crawler its top one names).
// Volume is what crawlers and monitors are for, so it weighs a quarter for them. An attack is worse
// than any volume: the ranking puts every client with attack behaviour (hostile, hammering, form bot)
// above every client without, and orders each group by score (compareClients). Points alone could
// not promise that: a busy ordinary client's z-scores reach 20-25 on real logs (a Chef client with 60
// requests), above a Log4Shell client that sent five requests.
//
// A client that rotates its user agent (5 or more, at least one for every two requests) is labelled
// `agent-rotation` and says so, and no crawler's name earns it the crawler's discount; it is not an
// attack label. Counts cannot tell a bot that draws another agent for each request from many people
// behind one address who send a request or two each (a NAT in front of an API or a pixel): on the
// synthetic bench logs, whose lines get random client addresses, 11,851 of 19,807 clients rotate.
// So its rank stays its score (its distinct_user_agents z-score already weighs in), and the label
// alone does not make it a finding.

import { DEFAULT_MAX_USER_AGENTS_PER_IP as EXACT_USER_AGENTS } from '../features/ip-accumulator.js';
import type { IpVerdict } from '../types.js';
import { knownAgent } from './known-agents.js';

export const CLIENT_RANK = Object.freeze({
  knownAgentShare: 0.25,
  /** A crawler or monitor failing more often than this is not behaving like one. */
  knownAgentMaxErrorRatio: 0.5,
  hostilePoints: 10,
  /** Points of a hostile client for each class of SEVERE_TAGS among its requests' tags. */
  payloadClassPoints: 2,
  hammerPoints: 10,
  hammerMinRequests: 50,
  hammerPerMinute: 10,
  /**
   * A burst counts when its minute holds this many times the client's average pace on that URI: a
   * poller that runs all day (the tomcat log's REST pollers: 5-6 times) is steady, not a burst.
   */
  hammerBurstFactor: 10,
  formBotPoints: 10,
  /** Instant POSTs (features/form-posts.ts) that make a form bot, when they are also at least `formBotMinShare` of its POSTs. */
  formBotMinPosts: 2,
  formBotMinShare: 0.5,
  /**
   * Distinct user agents that make a rotation (the `agent-rotation` label), when they are also at
   * least `agentRotationMinShare` of its requests. People behind one address who browse (an office, a
   * mobile carrier's NAT) bring many user agents, but each with a page and its assets.
   */
  agentRotationMinAgents: 5,
  agentRotationMinShare: 0.5,
});

/**
 * Attack classes whose payload tries to make the site do something (run a query, a script, code, a
 * command; read a file; overflow a buffer), as against probes for what exists (sensitive files, an
 * open proxy) and the tool's name: a hostile client earns payloadClassPoints for each.
 */
export const SEVERE_TAGS: ReadonlySet<string> = new Set([
  'sql_injection', 'xss', 'code_injection', 'command_injection', 'path_traversal', 'log4shell', 'shellshock', 'buffer_overflow',
]);

/** Labels that say a client attacks the site: the ranking puts these clients first. */
export const ATTACK_LABELS: readonly string[] = Object.freeze(['hostile', 'hammering', 'form-bot']);

/** Clients with attack behaviour first, then by score (best first), then by address. */
export function compareClients(a: { score: number; labels: readonly string[]; ip: string }, b: { score: number; labels: readonly string[]; ip: string }): number {
  return attacks(b) - attacks(a) || b.score - a.score || (a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : 0);
}

function attacks(client: { labels: readonly string[] }): number {
  return hasAttackBehaviour(client.labels) ? 1 : 0;
}

/**
 * The default ranking as one number (higher ranks first), for measures that take scores, such as
 * tune's average precision: the score, lifted above every score a client can reach when the client
 * has attack behaviour. It orders clients as compareClients does, ties by address aside.
 */
export function rankingKey(client: { score: number; labels: readonly string[] }): number {
  return client.score + attacks(client) * ATTACK_GROUP_LIFT;
}
/** Far above any client score (a few tens; docs/detection.md). */
const ATTACK_GROUP_LIFT = 1e6;

/** Whether a client's labels put it in the ranking's first group (ATTACK_LABELS). */
export function hasAttackBehaviour(labels: readonly string[]): boolean {
  return labels.some((label) => ATTACK_LABELS.includes(label));
}

export interface ClientRankInput {
  verdict: IpVerdict | undefined;
  flaggedLines: number;
  hostile: boolean;
  /** Why the client is hostile (client-context.ts), when it is. */
  hostileWhy: string;
  /** Whether crawlers, monitors and hammering count (default true; off only to measure what they add). */
  roles?: boolean;
  /** Whether the client asked for /robots.txt. */
  robotsTxt?: boolean;
  /**
   * Whether its failures are the dead links a crawler follows (client-context.ts followsDeadLinks):
   * a crawler that meets many of them on a site with broken links is still a crawler.
   */
  deadLinks?: boolean;
  /**
   * Its failed requests for files a crawler asks every site for (client-context.ts
   * excusedCrawlerMisses): left out of its share of failing requests, so that Googlebot's 404 for a
   * site's missing `/ads.txt` does not make it a fake.
   */
  crawlerMisses?: number;
}

export interface ClientRank {
  score: number;
  /** `hostile`, `hammering`, `form-bot`, `agent-rotation`, `crawler`, `monitor`, `fake-crawler`, `fake-monitor`. */
  labels: string[];
  /** Reasons to show before the structured detector's own. */
  reasons: string[];
  /** Whether the client is a finding on its own (without counting its lines). */
  reportable: boolean;
}

export function rankClient({ verdict, flaggedLines, hostile, hostileWhy, roles = true, robotsTxt = false, deadLinks = false, crawlerMisses = 0 }: ClientRankInput): ClientRank {
  const labels: string[] = [];
  const reasons: string[] = [];
  const structured = verdict?.score ?? 0;
  const agent = roles ? knownAgent(verdict?.topUserAgents[0]?.[0] ?? '') : undefined;
  let score = structured;
  const errorRatio = verdict?.features.error_ratio ?? 0;
  const unexplained = unexplainedErrorRatio(verdict, agent?.role === 'crawler' ? crawlerMisses : 0);
  const failing = unexplained > CLIENT_RANK.knownAgentMaxErrorRatio;
  const rotation = roles ? agentRotation(verdict) : undefined;
  if (agent && !hostile && rotation === undefined && (!failing || deadLinks)) {
    labels.push(agent.role);
    score *= CLIENT_RANK.knownAgentShare;
    const polite = robotsTxt ? ', fetched /robots.txt' : '';
    reasons.push(`known ${agent.role} (${agent.name}) with no attack behaviour${polite}: its volume weighs ${CLIENT_RANK.knownAgentShare}${failures(verdict, crawlerMisses, deadLinks)}`);
  } else if (agent && !hostile) {
    labels.push(`fake-${agent.role}`);
    const unlike = rotation === undefined ? `${Math.round(unexplained * 100)} % of its requests fail${unexplained < errorRatio ? ', not counting the files crawlers ask every site for' : ''}` : 'changes its user agent from request to request';
    reasons.push(`claims to be a ${agent.role} (${agent.name}) but ${unlike}`);
  }
  if (hostile) {
    labels.push('hostile');
    score += CLIENT_RANK.hostilePoints + CLIENT_RANK.payloadClassPoints * severeClasses(verdict);
    if (agent) {
      labels.push(`fake-${agent.role}`);
      reasons.push(`claims to be a ${agent.role} (${agent.name}) but behaves like an attacker: ${hostileWhy}`);
    } else reasons.push(`hostile: ${hostileWhy}`);
  }
  const hammer = roles ? hammering(verdict) : undefined;
  if (hammer !== undefined) {
    labels.push('hammering');
    score += CLIENT_RANK.hammerPoints + 2 * Math.log2(1 + hammer.count);
    reasons.push(hammer.reason);
  }
  const bot = roles ? formBot(verdict) : undefined;
  if (bot !== undefined) {
    labels.push('form-bot');
    score += CLIENT_RANK.formBotPoints + 2 * Math.log2(1 + bot.count);
    reasons.push(bot.reason);
  }
  if (rotation !== undefined) {
    labels.push('agent-rotation');
    reasons.push(rotation);
  }
  score += 2 * Math.log2(1 + flaggedLines);
  return { score, labels, reasons, reportable: hostile || hammer !== undefined || bot !== undefined || verdict?.flagged === true };
}

/** How many SEVERE_TAGS classes the client's requests carry. */
function severeClasses(verdict: IpVerdict | undefined): number {
  if (verdict === undefined) return 0;
  let classes = 0;
  for (const [tag, count] of Object.entries(verdict.tags)) if (count > 0 && SEVERE_TAGS.has(tag)) classes++;
  return classes;
}

/**
 * The share of its requests that fail, leaving out `misses` of its failures (crawlerMisses): the
 * error ratio scaled by the failures that remain. Without a status there are no errors.
 */
function unexplainedErrorRatio(verdict: IpVerdict | undefined, misses: number): number {
  const ratio = verdict?.features.error_ratio ?? 0;
  const errors = verdict?.features.error_count;
  if (misses === 0 || errors === undefined || errors === 0) return ratio;
  return (ratio * Math.max(0, errors - misses)) / errors;
}

/**
 * What a known agent's reason says of its failures when more than the allowed share of its requests
 * fail: dead links it followed (followsDeadLinks), or how many were failures any crawler meets.
 */
function failures(verdict: IpVerdict | undefined, misses: number, deadLinks: boolean): string {
  const errorRatio = verdict?.features.error_ratio ?? 0;
  if (errorRatio <= CLIENT_RANK.knownAgentMaxErrorRatio) return '';
  const share = `; ${Math.round(errorRatio * 100)} % of its requests fail`;
  if (deadLinks) return `${share}, all on pages that do not exist (dead links it followed), none refused`;
  const errors = verdict?.features.error_count ?? 0;
  return `${share}, ${Math.min(misses, errors)} of those ${errors} for files crawlers ask every site for (/ads.txt, sitemaps, icons)`;
}

/**
 * The reason when the client picks a user agent anew for most requests, else undefined:
 * `agentRotationMinAgents` distinct ones or more, at least one for every 1 /
 * `agentRotationMinShare` requests. A browser sends one user agent (two when an app opens pages
 * in a web view); a bot that hides what it is draws one from a list each time, and so do many
 * people behind one address who send a request or two each. On the real logs of ../shared/data
 * every such client is a bot: referer spammers (elastic, almhuette, netnea), scrapers of
 * secrepo's datasets (30–60 requests, nearly each with its own agent) and probers sending
 * `GET /` from cloud addresses with made-up agents (`Mac OS X x.y`). Distinct user agents are
 * counted exactly up to 16 per client and estimated above.
 */
function agentRotation(verdict: IpVerdict | undefined): string | undefined {
  const agents = verdict?.features.distinct_user_agents;
  if (verdict === undefined || agents === undefined) return undefined;
  if (agents < CLIENT_RANK.agentRotationMinAgents || agents < CLIENT_RANK.agentRotationMinShare * verdict.requestCount) return undefined;
  const about = agents > EXACT_USER_AGENTS ? 'about ' : '';
  return `agent-rotation: ${about}${agents} different user agents in its ${verdict.requestCount} requests`;
}

/**
 * Forms posted faster than a person fills them in: most of the client's POSTs, two or more, each
 * within a second of the GET of its own page (features/form-posts.ts). Sign-up and comment spam,
 * credential stuffing and scripted logins do this; a reader does it once at most, with a password
 * manager, among ordinary posts.
 */
function formBot(verdict: IpVerdict | undefined): { count: number; reason: string } | undefined {
  const forms = verdict?.formPosts;
  if (forms === undefined || !isFormBot(forms)) return undefined;
  return {
    count: forms.instant,
    reason: `form-bot: ${forms.instant} of its ${forms.posts} POSTs sent within a second of loading the form (${forms.uri})`,
  };
}

/** Whether a client's POSTs make it a form bot: `formBotMinPosts` instant ones or more, and at least `formBotMinShare` of them. */
export function isFormBot(forms: { posts: number; instant: number }): boolean {
  return forms.instant >= CLIENT_RANK.formBotMinPosts && forms.instant >= CLIENT_RANK.formBotMinShare * forms.posts;
}

/**
 * One URI requested over and over, fast: how often and why, or undefined. Fast is either on average
 * over the client's whole span, or in a burst: one minute holding 10+ of its requests to the URI, ten
 * times its average pace there. A client that hammers a page for a few minutes of an otherwise quiet
 * day has a low average rate; its burst shows it (features/uri-burst.ts).
 */
function hammering(verdict: IpVerdict | undefined): { count: number; reason: string } | undefined {
  const top = verdict?.topUris[0];
  const rate = verdict?.features.request_rate;
  if (verdict === undefined || top === undefined || rate === undefined) return undefined;
  const [uri, count] = top;
  const uriRate = (rate * count) / verdict.requestCount;
  if (count >= CLIENT_RANK.hammerMinRequests && uriRate >= CLIENT_RANK.hammerPerMinute) {
    return { count, reason: `hammering: ${count} requests to ${uri} at ${uriRate.toFixed(1)}/min` };
  }
  const burst = verdict.busiestMinute;
  if (burst === undefined || burst[1] < CLIENT_RANK.hammerPerMinute) return undefined;
  // The burst's URI in all: the top-k table holds it when it is among the client's busiest URIs.
  const total = verdict.topUris.find(([u]) => u === burst[0])?.[1];
  if (total === undefined || total < CLIENT_RANK.hammerMinRequests) return undefined;
  const pace = (rate * total) / verdict.requestCount;
  if (burst[1] < CLIENT_RANK.hammerBurstFactor * pace) return undefined;
  return {
    count: total,
    reason: `hammering: ${total} requests to ${burst[0]}, ${burst[1]} of them within one minute (${averagePace(pace)} on average)`,
  };
}

/**
 * A pace per minute as it reads best: a client that bursts once in a week-long log averages far
 * below 0.1/min, which "0.0/min" would hide; per hour or per day it keeps a figure.
 */
export function averagePace(perMinute: number): string {
  if (perMinute >= 0.095) return `${perMinute.toFixed(1)}/min`;
  if (perMinute * 60 >= 0.095) return `${(perMinute * 60).toFixed(1)}/h`;
  return `${(perMinute * 1440).toFixed(1)}/day`;
}
