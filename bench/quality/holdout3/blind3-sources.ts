// Readers for the third blind set's attack sources (secrepo 2022; honeynet 2004, almhuette-raith and
// basjes clients or requests the earlier sets did not use). Clients are put in classes by rules on
// method, path, status and counts, written here and in README.md. Their content must stay out of reports.

import { readdirSync } from 'node:fs';
import { SHARED_DATA } from '../../parse/make-log.js';
import { pathOf } from '../holdout/combined-line.js';
import { BASJES_FORM_PATH, HONEYNET_NIKTO_IP, honeynetExploitRequests } from '../holdout/held-out-sources.js';
import { type ClientRule, type SourceClient, type TimedLine, clientsOfFiles, payloadLines, ruleOf, toClient } from '../holdout2/blind-sources.js';
import { holdout2AlmhuetteClients } from './holdout2-choices.js';

/** The php-probe client of the first held-out set (held-out-sources.ts takes its requests). */
const HONEYNET_PHP_PROBE_IP = '211.75.221.105';

export type Blind3Source = 'secrepo-2022' | 'honeynet' | 'almhuette' | 'basjes';
/** holdout2's rules, then two that catch clients too small or too odd for its scanner rule. */
export type Blind3Rule = ClientRule | 'prober' | 'method-probe';

const PROBER_MIN_REQUESTS = 4;
const PROBER_MIN_4XX_PATHS = 3;
/** Methods a site's own pages use; any other method (CONNECT, PROPFIND, SEARCH, PUT…) is a probe. */
const ORDINARY_METHOD = /^(GET|HEAD|POST|OPTIONS)$/i;
/** honeynet's multi-KB WebDAV overflows are left out, as in the first held-out set. */
const HONEYNET_MAX_LINE_CHARS = 2048;

/**
 * Every client of `source` not used by an earlier set, in the first class whose rule it meets:
 * holdout2's four rules (brute-force, form-spam, scanner, payload; see ../holdout2/blind-sources.ts),
 * then
 * - prober: at least 4 requests, none answered 2xx, at least 3 distinct paths answered 4xx (whole session);
 * - method-probe: any request with a method other than GET, HEAD, POST, OPTIONS, or an absolute-URL
 *   target (a proxy request); only those requests are kept.
 */
export function classifyBlind3Clients(source: Blind3Source): Record<Blind3Rule, SourceClient[]> {
  const cached = classified.get(source);
  if (cached) return cached;
  const out: Record<Blind3Rule, SourceClient[]> = { 'brute-force': [], 'form-spam': [], scanner: [], payload: [], prober: [], 'method-probe': [] };
  const excluded = excludedClients(source);
  for (const [sourceIp, lines] of clientsOf(source)) {
    if (lines.length === 0 || excluded(sourceIp, lines)) continue;
    const rule = ruleOf(lines);
    if (rule) out[rule].push(toClient(sourceIp, rule === 'payload' ? payloadLines(lines) : lines));
    else if (isProber(lines)) out.prober.push(toClient(sourceIp, lines));
    else if (lines.some(isMethodProbe)) out['method-probe'].push(toClient(sourceIp, lines.filter(isMethodProbe)));
  }
  classified.set(source, out);
  return out;
}
const classified = new Map<Blind3Source, Record<Blind3Rule, SourceClient[]>>();

export function isProber(lines: readonly TimedLine[]): boolean {
  const failedPaths = new Set(lines.filter((l) => l.line.status.startsWith('4')).map((l) => pathOf(l.line.request)));
  return lines.length >= PROBER_MIN_REQUESTS && !lines.some((l) => l.line.status.startsWith('2')) && failedPaths.size >= PROBER_MIN_4XX_PATHS;
}

export function isMethodProbe({ line }: TimedLine): boolean {
  const [method = '', target = ''] = line.request.split(' ');
  return /^[a-z]+$/i.test(method) && (!ORDINARY_METHOD.test(method) || /^[a-z]+:\/\//i.test(target));
}

export function clientsOf(source: Blind3Source): Map<string, TimedLine[]> {
  switch (source) {
    case 'secrepo-2022':
      return clientsOfFiles(['secrepo-weblogs/access-2022-12-22.log']);
    case 'almhuette':
      return clientsOfFiles(['almhuette-raith-2019/access_2019-04-02_03.log']);
    case 'basjes': {
      // The first held-out set took every client's account-form requests; what is left is theirs to classify.
      const clients = clientsOfFiles(['basjes-hackers-access/hackers-access.log']);
      for (const [ip, lines] of clients) clients.set(ip, lines.filter((l) => !BASJES_FORM_PATH.test(pathOf(l.line.request))));
      return clients;
    }
    case 'honeynet': {
      const files = readdirSync(`${SHARED_DATA}honeynet-apache-2004/`).filter((f) => f.startsWith('access_log')).sort();
      return clientsOfFiles(files.map((f) => `honeynet-apache-2004/${f}`), HONEYNET_MAX_LINE_CHARS);
    }
  }
}

/**
 * What earlier sets took (basjes: the account-form requests, left out in clientsOf): honeynet's Nikto and php-probe clients and every client that sent one of the
 * first held-out set's exploit request lines (whole clients, so sessions stay verbatim); almhuette's
 * clients that the second blind set's mixes place. secrepo 2022 was not used.
 */
export function excludedClients(source: Blind3Source): (ip: string, lines: readonly TimedLine[]) => boolean {
  if (source === 'honeynet') {
    const taken = new Set(honeynetExploitRequests().map((r) => r.request));
    return (ip, lines) => ip === HONEYNET_NIKTO_IP || ip === HONEYNET_PHP_PROBE_IP || lines.some((l) => taken.has(l.line.request));
  }
  if (source === 'almhuette') {
    const used = holdout2AlmhuetteClients();
    return (ip) => used.has(ip);
  }
  return () => false;
}
