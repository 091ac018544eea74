// Readers for the second blind set's attack sources (almhuette-raith-2019, secrepo-weblogs). Clients
// are chosen by behaviour rules that do not read the attack content (except the payload-syntax rule),
// written next to each reader and in README.md. Their content must stay out of reports.

import { readFileSync } from 'node:fs';
import { SHARED_DATA } from '../../parse/make-log.js';
import { type CombinedLine, clfTimeToMs, parseCombined, pathOf } from '../holdout/combined-line.js';
import { type SourceSession, toSession } from '../holdout/held-out-sources.js';

/** The real logs these mixes take attack sessions from, by short name. */
export const BLIND_SOURCES = {
  'almhuette': 'almhuette-raith-2019/access_2019-04-02_03.log',
  'secrepo-2018': 'secrepo-weblogs/access-2018-12-15.log',
  'secrepo-2021': 'secrepo-weblogs/access-2021-10-22_27.log',
  'secrepo-2022': 'secrepo-weblogs/access-2022-12-22.log',
} as const;
export type BlindSource = keyof typeof BLIND_SOURCES;

/** One source client: its requests in time order, verbatim but for ip, ident and time. */
export interface SourceClient extends SourceSession {
  /** The real IP, used only to tell clients apart; never written into a mix. */
  sourceIp: string;
}

/** Login endpoints of the two sites (Joomla admin, WordPress) and WordPress's XML-RPC login. */
const LOGIN_PATH = /^\/(administrator\/index\.php|wp-login\.php|xmlrpc\.php)$/;
const MIN_LOGIN_POSTS = 10;
const MIN_FORM_POSTS = 10;
const SCANNER_MIN_REQUESTS = 8;
const SCANNER_MIN_4XX_SHARE = 0.6;
const SCANNER_MIN_4XX_PATHS = 6;
/** SQL, script, traversal, file-inclusion and command syntax in a request line. */
export const PAYLOAD_SYNTAX =
  /union[^ ]*select|select[^ ]*from|<script|%3cscript|\.\.\/|%2e%2e|\/etc\/passwd|%27|sleep\(|benchmark\(|\$\{|%24%7b|base64_decode|php:\/\/|allow_url_include|\/bin\/sh|eval\(|onerror|alert\(/i;

export type ClientRule = 'brute-force' | 'form-spam' | 'scanner' | 'payload';

/**
 * Every client of `source` grouped by the first rule it meets, in this order:
 * - brute-force: at least 10 POSTs to a login path;
 * - form-spam: at least 10 POSTs to one other path;
 * - scanner: at least 8 requests, at least 60% of them answered 4xx, on at least 6 distinct paths answered 4xx;
 * - payload: any request line matching PAYLOAD_SYNTAX; only those request lines are kept (the
 *   client's other requests cannot be told from normal traffic by their content).
 * Clients meeting no rule are not used. Brute-force, form-spam and scanner clients keep their whole session.
 */
export function classifyClients(source: BlindSource): Record<ClientRule, SourceClient[]> {
  const out: Record<ClientRule, SourceClient[]> = { 'brute-force': [], 'form-spam': [], scanner: [], payload: [] };
  for (const [sourceIp, lines] of clientsOfFiles([BLIND_SOURCES[source]])) {
    const rule = ruleOf(lines);
    if (rule) out[rule].push(toClient(sourceIp, rule === 'payload' ? payloadLines(lines) : lines));
  }
  return out;
}

/** The first rule (in the order above) that a client's lines meet, or undefined. */
export function ruleOf(lines: readonly TimedLine[]): ClientRule | undefined {
  const posts = new Map<string, number>();
  for (const l of lines) if (l.line.request.startsWith('POST ')) posts.set(pathOf(l.line.request), (posts.get(pathOf(l.line.request)) ?? 0) + 1);
  const loginPosts = [...posts].filter(([p]) => LOGIN_PATH.test(p)).reduce((n, [, c]) => n + c, 0);
  const formPosts = Math.max(0, ...[...posts].filter(([p]) => !LOGIN_PATH.test(p)).map(([, c]) => c));
  const failed = lines.filter((l) => l.line.status.startsWith('4'));
  const failedPaths = new Set(failed.map((l) => pathOf(l.line.request))).size;
  if (loginPosts >= MIN_LOGIN_POSTS) return 'brute-force';
  if (formPosts >= MIN_FORM_POSTS) return 'form-spam';
  if (lines.length >= SCANNER_MIN_REQUESTS && failed.length >= SCANNER_MIN_4XX_SHARE * lines.length && failedPaths >= SCANNER_MIN_4XX_PATHS) return 'scanner';
  if (payloadLines(lines).length > 0) return 'payload';
  return undefined;
}

/** The lines a payload client keeps: those with attack syntax in the request line. */
export function payloadLines(lines: readonly TimedLine[]): TimedLine[] {
  return lines.filter((l) => PAYLOAD_SYNTAX.test(l.line.request));
}

export interface TimedLine {
  line: CombinedLine;
  ms: number;
}

/**
 * Clients of files under ../shared/data in order of first appearance, each with its lines in time
 * order (stable for equal times). Lines outside printable ASCII or longer than `maxLineChars` are left out.
 */
export function clientsOfFiles(files: readonly string[], maxLineChars = Infinity): Map<string, TimedLine[]> {
  const byIp = new Map<string, TimedLine[]>();
  // latin1 keeps every byte; lines outside printable ASCII are left out (2 in secrepo-2021).
  for (const file of files) {
    for (const raw of readFileSync(SHARED_DATA + file, 'latin1').split(/\r?\n/)) {
      const line = raw.length <= maxLineChars && /^[\x20-\x7e]*$/.test(raw) ? parseCombined(raw) : undefined;
      if (!line) continue;
      const list = byIp.get(line.ip) ?? [];
      list.push({ line, ms: clfTimeToMs(line.time) });
      byIp.set(line.ip, list);
    }
  }
  for (const list of byIp.values()) list.sort((a, b) => a.ms - b.ms);
  return byIp;
}

export function toClient(sourceIp: string, lines: TimedLine[]): SourceClient {
  return { sourceIp, ...toSession(lines) };
}
