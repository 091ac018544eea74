// Readers for the held-out attack sources in ../shared/data. Each returns real attack material,
// chosen by the rule written next to it (also in README.md). The lead designs detectors without
// looking at these sources, so their content must stay out of reports.

import { readFileSync, readdirSync } from 'node:fs';
import { SHARED_DATA } from '../../parse/make-log.js';
import { type CombinedLine, clfTimeToMs, parseCombined, pathOf } from './combined-line.js';

/** A real request line with what the source logged around it (status, bytes, referer, UA). */
export type SourceRequest = Omit<CombinedLine, 'ip' | 'user' | 'time'>;

/** One real client's requests with their times relative to its first request. */
export interface SourceSession {
  requests: SourceRequest[];
  offsetsMs: number[];
}

/** modsec-learn: the 458 SQL-injection query strings (`p=<payload>`, already URL-encoded). */
export function modsecSqliQueries(): string[] {
  const queries = JSON.parse(readFileSync(`${SHARED_DATA}modsec-learn-partial/malicious_openappsec_sqli_parsed.json`, 'utf8')) as string[];
  return [...new Set(queries)].filter(isPrintableAscii);
}

export interface TorpedaRequest {
  path: string;
  query: string;
}

/**
 * CSIC TORPEDA 2012: distinct GET attack rows (SQLi) with a query. POST rows are left out, since an
 * access log shows no body; rows with CSV quoting are left out (8 of 5,571), so a plain split is
 * exact. The `allAnomalies` files are not used: TORPEDA calls them non-attack illegal requests,
 * and many are ordinary shop requests.
 */
export function torpedaSqliGets(): TorpedaRequest[] {
  return torpedaSqliRows('GET');
}

/**
 * Distinct SQLi rows of `method` with a query (for POST: the body), read as torpedaSqliGets reads
 * them: rows with CSV quoting, whitespace or bytes outside printable ASCII in the query are left out.
 */
export function torpedaSqliRows(method: 'GET' | 'POST'): TorpedaRequest[] {
  const seen = new Map<string, TorpedaRequest>();
  for (const file of ['allAttacks1.csv', 'allAttacks2.csv', 'allAttacks3.csv', 'allAttacks4.csv']) {
    for (const row of readFileSync(`${SHARED_DATA}csic-torpeda2012/${file}`, 'utf8').split(/\r?\n/)) {
      if (row.includes('"')) continue;
      const cols = row.split(',');
      // ,id,method,path,query,label — a query without quoting holds no comma.
      if (cols.length !== 6 || cols[2] !== method || cols[5] !== 'SQLi' || cols[4] === '') continue;
      const request = { path: cols[3]!, query: cols[4]! };
      if (isPrintableAscii(request.query) && !/\s/.test(request.query)) seen.set(`${request.path}?${request.query}`, request);
    }
  }
  return [...seen.values()];
}

/** Plone account endpoints that every client in the basjes file abused (registration spam, login attempts). */
export const BASJES_FORM_PATH = /(^|\/\/[^/]+)\/(join_form|login_form|mail_password_form|acl_users\/credentials_cookie_auth\/require_login)$/;

/**
 * basjes hackers-access: one session per client IP, holding only its requests to the account forms
 * (the file's README: every IP in it is a bot that found the unadvertised /join_form). Request line,
 * status, bytes, referer and user agent are kept verbatim. Sessions with fewer than `minRequests` are left out.
 */
export function basjesFormSessions(minRequests: number): SourceSession[] {
  const byIp = new Map<string, Array<{ line: CombinedLine; ms: number }>>();
  for (const raw of readFileSync(`${SHARED_DATA}basjes-hackers-access/hackers-access.log`, 'utf8').split(/\r?\n/)) {
    const line = parseCombined(raw);
    if (!line || !BASJES_FORM_PATH.test(pathOf(line.request))) continue;
    const list = byIp.get(line.ip) ?? [];
    list.push({ line, ms: clfTimeToMs(line.time) });
    byIp.set(line.ip, list);
  }
  return [...byIp.values()].filter((list) => list.length >= minRequests).map(toSession);
}

/**
 * honeynet 2004: the exploit rule. A request counts when (1) the honeypot answered 4xx/5xx, (2) its
 * target matches a known IIS worm/exploit signature below (Code Red, Nimda, Unicode and double-decode
 * traversal, FrontPage/RDS/nsiislog, formmail), (3) it is printable ASCII, parses as combined and is
 * at most 2,048 characters (the multi-KB WebDAV SEARCH overflows are left out), and (4) it is not
 * from the Nikto client, which is used as a scanner session instead. Distinct request lines only.
 */
const HONEYNET_EXPLOIT = /root\.exe|cmd\.exe|default\.ida|\/_vti_bin\/|\/msadc\/|\/_mem_bin\/|%c0%af|%c0%2f|%c1%1c|%c1%9c|%255c|%252f|%%35|%25%35%63|nsiislog\.dll|formmail/i;
export const HONEYNET_NIKTO_IP = '68.49.152.86';

export function honeynetExploitRequests(): SourceRequest[] {
  const seen = new Map<string, SourceRequest>();
  for (const line of honeynetLines()) {
    if (line.ip === HONEYNET_NIKTO_IP || Number(line.status) < 400) continue;
    if (!HONEYNET_EXPLOIT.test(line.request.split(' ')[1] ?? '')) continue;
    seen.set(line.request, stripClient(line));
  }
  return [...seen.values()];
}

/** honeynet 2004: one client's requests in time order, only lines whose user agent matches `userAgent`. */
export function honeynetSession(ip: string, userAgent: RegExp): SourceSession {
  const lines = honeynetLines()
    .filter((l) => l.ip === ip && userAgent.test(l.userAgent))
    .map((line) => ({ line, ms: clfTimeToMs(line.time) }))
    .sort((a, b) => a.ms - b.ms);
  if (lines.length === 0) throw new Error(`honeynet: no requests from ${ip}`);
  return toSession(lines);
}

let honeynetCache: CombinedLine[] | undefined;
function honeynetLines(): CombinedLine[] {
  if (!honeynetCache) {
    const dir = `${SHARED_DATA}honeynet-apache-2004/`;
    honeynetCache = [];
    for (const file of readdirSync(dir).filter((f) => f.startsWith('access_log')).sort()) {
      // latin1 keeps every byte; lines with bytes outside printable ASCII are dropped below.
      for (const raw of readFileSync(dir + file, 'latin1').split(/\r?\n/)) {
        const line = raw.length <= 2048 && isPrintableAscii(raw) ? parseCombined(raw) : undefined;
        if (line) honeynetCache.push(line);
      }
    }
  }
  return honeynetCache;
}

export function toSession(lines: Array<{ line: CombinedLine; ms: number }>): SourceSession {
  const first = lines[0]!.ms;
  return { requests: lines.map((l) => stripClient(l.line)), offsetsMs: lines.map((l) => l.ms - first) };
}

function stripClient({ request, status, bytes, referer, userAgent }: CombinedLine): SourceRequest {
  return { request, status, bytes, referer, userAgent };
}

function isPrintableAscii(text: string): boolean {
  return /^[\x20-\x7e]*$/.test(text);
}
