// Readers for the fourth blind set's attack sessions: clients that no earlier set's rule pools hold
// (secrepo 2018, honeynet 2004 and others), put in classes by two new rules on method, path, status
// and counts, written here and in README.md. Their content must stay out of reports.

import { pathOf } from '../holdout/combined-line.js';
import { type SourceClient, type TimedLine, clientsOfFiles, ruleOf, toClient } from '../holdout2/blind-sources.js';
import { type Blind3Source, clientsOf, excludedClients, isMethodProbe, isProber } from '../holdout3/blind3-sources.js';

export type Blind4Source = Blind3Source | 'secrepo-2018' | 'secrepo-2021';
export type Blind4Rule = 'repeat-prober' | 'small-prober';

const REPEAT_MIN_REQUESTS = 5;
const REPEAT_MIN_4XX_SHARE = 0.8;
const REPEAT_MAX_4XX_PATHS = 2;
const SMALL_MIN_REQUESTS = 2;
const SMALL_MIN_4XX_PATHS = 2;
/** A request line with a method and a target; "-" (a connection that sent no request) is not one. */
const REQUEST_LINE = /^[A-Za-z]+ \S/;

/**
 * Every client of `source` that no earlier set took and that falls in none of their rule pools (the
 * second set's four rules, the third set's prober and method-probe rules: a client meeting any of
 * them belongs to a pool an earlier set drew from), in the first class whose rule it meets:
 * - repeat-prober: at least 5 requests with a request line, at least 80% of those answered 4xx, and
 *   at most 2 distinct paths answered 4xx (the same missing path asked for again and again);
 * - small-prober: at least 2 requests, none answered 2xx, at least 2 distinct paths answered 4xx.
 * Chosen clients keep their whole session.
 */
export function classifyBlind4Clients(source: Blind4Source): Record<Blind4Rule, SourceClient[]> {
  const cached = classified.get(source);
  if (cached) return cached;
  const out: Record<Blind4Rule, SourceClient[]> = { 'repeat-prober': [], 'small-prober': [] };
  const excluded = isSecrepo(source) ? () => false : excludedClients(source);
  for (const [sourceIp, lines] of isSecrepo(source) ? clientsOfFiles([SECREPO_FILES[source]]) : clientsOf(source)) {
    if (lines.length === 0 || excluded(sourceIp, lines) || inEarlierPool(lines)) continue;
    if (isRepeatProber(lines)) out['repeat-prober'].push(toClient(sourceIp, lines));
    else if (isSmallProber(lines)) out['small-prober'].push(toClient(sourceIp, lines));
  }
  classified.set(source, out);
  return out;
}
const classified = new Map<Blind4Source, Record<Blind4Rule, SourceClient[]>>();

const SECREPO_FILES = {
  'secrepo-2018': 'secrepo-weblogs/access-2018-12-15.log',
  'secrepo-2021': 'secrepo-weblogs/access-2021-10-22_27.log',
} as const;

function isSecrepo(source: Blind4Source): source is keyof typeof SECREPO_FILES {
  return source in SECREPO_FILES;
}

/** True when the client meets a rule of the second or third set, so it is in a pool one of them drew from. */
export function inEarlierPool(lines: readonly TimedLine[]): boolean {
  return ruleOf(lines) !== undefined || isProber(lines) || lines.some(isMethodProbe);
}

function failedPaths(lines: readonly TimedLine[]): Set<string> {
  return new Set(lines.filter((l) => l.line.status.startsWith('4')).map((l) => pathOf(l.line.request)));
}

function isRepeatProber(lines: readonly TimedLine[]): boolean {
  // Connections that sent no request (408) say nothing about what a client asked for.
  const requests = lines.filter((l) => REQUEST_LINE.test(l.line.request));
  const failed = requests.filter((l) => l.line.status.startsWith('4')).length;
  return requests.length >= REPEAT_MIN_REQUESTS && failed >= REPEAT_MIN_4XX_SHARE * requests.length && failedPaths(requests).size <= REPEAT_MAX_4XX_PATHS;
}

function isSmallProber(lines: readonly TimedLine[]): boolean {
  return lines.length >= SMALL_MIN_REQUESTS && !lines.some((l) => l.line.status.startsWith('2')) && failedPaths(lines).size >= SMALL_MIN_4XX_PATHS;
}
