// Readers for the fifth blind set's honeynet 2004 material: the request lines every earlier set's
// reader dropped (over 2,048 characters or with bytes outside printable ASCII) and the off-site
// requests of clients no earlier rule pool holds. Rules in README.md. Content must stay out of reports.

import { readFileSync, readdirSync } from 'node:fs';
import { SHARED_DATA } from '../../parse/make-log.js';
import { type CombinedLine, clfTimeToMs, parseCombined, pathOf } from '../holdout/combined-line.js';
import { type SourceClient, type TimedLine, toClient } from '../holdout2/blind-sources.js';
import { clientsOf, excludedClients } from '../holdout3/blind3-sources.js';
import { classifyBlind4Clients, inEarlierPool } from '../holdout4/blind4-sources.js';
import { apacheEscape } from './apache-escape.js';

export type Blind5Rule = 'overlong-request' | 'binary-request' | 'offsite-prober';

/** The earlier sets' honeynet readers keep lines up to this length that are printable ASCII. */
const EARLIER_MAX_LINE_CHARS = 2048;
const PRINTABLE = /^[\x20-\x7e]*$/;
/** What the honeypot serves: Apache's test page, its two images, and `*` (the server-wide OPTIONS target). */
const TEST_PAGE = /^(\/|\/index\.html|\/poweredby\.png|\/icons\/apache_pb\.gif|\*)$/;
/** A request line with a method and a target; "-" (a connection that sent no request) is not one. */
const REQUEST_LINE = /^[A-Za-z]+ \S/;
/** honeynet slices the repository's tests hold: their clients have been seen, so they are left out. */
const TEST_FIXTURES = ['test/fixtures/logs/combined/honeynet-odd-requests.log', 'test/fixtures/distributed/honeynet-access_log.25-1-300.log'];

/**
 * honeynet clients that no earlier set took or holds in a rule pool, and that no test fixture
 * holds, in the first class whose rule they meet; each keeps only the lines its rule names:
 * - overlong-request: request lines over 2,048 characters;
 * - binary-request: other request lines with bytes outside printable ASCII;
 * - offsite-prober: request lines (printable, at most 2,048 characters) for a path other than the
 *   honeypot's test page.
 * Lines are written as Apache 2 logs them (apache-escape.ts); a line whose request holds a double
 * quote is left out, since the shared checks read the request as quote-free.
 */
export function classifyBlind5Clients(): Record<Blind5Rule, SourceClient[]> {
  if (classified) return classified;
  const printable = clientsOf('honeynet');
  const raw = rawClients();
  const taken = takenClients(printable);
  classified = { 'overlong-request': [], 'binary-request': [], 'offsite-prober': [] };
  for (const [ip, lines] of raw) {
    if (taken(ip)) continue;
    const overlong = lines.filter((l) => l.raw.length > EARLIER_MAX_LINE_CHARS);
    const binary = lines.filter((l) => l.raw.length <= EARLIER_MAX_LINE_CHARS && !PRINTABLE.test(l.raw));
    const offsite = (printable.get(ip) ?? []).filter((l) => REQUEST_LINE.test(l.line.request) && !TEST_PAGE.test(pathOf(l.line.request)));
    const rule = overlong.length > 0 ? 'overlong-request' : binary.length > 0 ? 'binary-request' : offsite.length > 0 ? 'offsite-prober' : undefined;
    if (!rule) continue;
    const kept = rule === 'overlong-request' ? overlong : rule === 'binary-request' ? binary : offsite;
    const written = kept.map(({ line, ms }) => ({ line: { ...line, request: apacheEscape(line.request) }, ms })).filter((l) => !l.line.request.includes('"'));
    if (written.length > 0) classified[rule].push(toClient(ip, written));
  }
  return classified;
}
let classified: Record<Blind5Rule, SourceClient[]> | undefined;

interface RawLine extends TimedLine {
  raw: string;
}

/** Every honeynet line that parses as combined, none dropped for length or bytes, by client in order of first appearance. */
function rawClients(): Map<string, RawLine[]> {
  const byIp = new Map<string, RawLine[]>();
  const dir = `${SHARED_DATA}honeynet-apache-2004/`;
  for (const file of readdirSync(dir).filter((f) => f.startsWith('access_log')).sort()) {
    // latin1 keeps every byte as one char, for apacheEscape.
    for (const raw of readFileSync(dir + file, 'latin1').split(/\r?\n/)) {
      const line: CombinedLine | undefined = parseCombined(raw);
      if (!line) continue;
      const list = byIp.get(line.ip) ?? [];
      list.push({ line, ms: clfTimeToMs(line.time), raw });
      byIp.set(line.ip, list);
    }
  }
  for (const list of byIp.values()) list.sort((a, b) => a.ms - b.ms);
  return byIp;
}

/**
 * A client is taken when the first set took it, its printable lines meet a rule of the second,
 * third or fourth set (so it is in a pool one of them drew from), or a test fixture holds it.
 */
function takenClients(printable: Map<string, TimedLine[]>): (ip: string) => boolean {
  const firstSet = excludedClients('honeynet');
  const fourth = classifyBlind4Clients('honeynet');
  const fourthPools = new Set([...fourth['repeat-prober'], ...fourth['small-prober']].map((c) => c.sourceIp));
  const inFixtures = new Set(TEST_FIXTURES.flatMap((f) => readFileSync(new URL(`../../../${f}`, import.meta.url), 'latin1').split('\n').map((l) => l.split(' ', 1)[0]!)));
  return (ip) => {
    const lines = printable.get(ip) ?? [];
    return inFixtures.has(ip) || fourthPools.has(ip) || (lines.length > 0 && (firstSet(ip, lines) || inEarlierPool(lines)));
  };
}
