// A hostile client's probes as line findings, live: what `scan` reports as a hostile client's requests
// that are unusual for the site (rank/unusual-request.ts: no other client requests the route, or gets
// a success from it, or the request was answered with an error where others succeed). A watcher
// writes each line as it arrives, before it knows the client; so when a client is judged hostile, its
// probes still in the window that were no finding of their own are written then, each once.

import { hostileKinds, isLiveProbe, type ClientEvidence } from '../clients/client-context.js';
import { clientLineBonus, CONTEXT_LINE_SCORE, FUSE_DEFAULTS, lineScore } from '../rank/fuse-findings.js';
import type { IpVerdict, LineFinding } from '../types.js';
import type { ClientTrail } from './client-window.js';
import type { LiveSiteMap } from './live-site-map.js';

/**
 * Characters of a probe's text kept until it is written: the window holds up to 500,000 requests, and
 * a request line can be 64 KiB long (one cut is marked with `…`, as the top-URI tables do).
 */
export const MAX_SOURCE_TEXT = 1_000;

/** What a request answered with an error keeps to be written later: where it is, and its text. */
export interface ProbeSource {
  file: string;
  line: number;
  text: string;
  /** How often its text was seen so far. */
  count: number;
}

/**
 * `text` as a probe source keeps it: at most MAX_SOURCE_TEXT characters, copied flat (a slice would
 * keep the whole text alive in V8, see parse/intern.ts).
 */
export function sourceText(text: string): string {
  return text.length <= MAX_SOURCE_TEXT ? text : `${(' ' + text.slice(0, MAX_SOURCE_TEXT - 1)).slice(1)}…`;
}

/** The line findings of hostile client `ip`'s probes in its window not written yet; marks them written. */
export function probeLines(ip: string, trail: ClientTrail, site: LiveSiteMap, evidence: ClientEvidence, verdict: IpVerdict | undefined): LineFinding[] {
  const lines: LineFinding[] = [];
  const score = lineScore(CONTEXT_LINE_SCORE, clientLineBonus(verdict), FUSE_DEFAULTS.ipWeight);
  const kinds = hostileKinds(evidence);
  for (const request of trail.live()) {
    const source = request.source;
    if (source === undefined) continue;
    const status = request.status ?? 0;
    const othersUse = site.othersUse(request.route, ip);
    const answersOk = site.answersOk(request.route);
    if (!isLiveProbe(status, request.browserRequest, othersUse, answersOk)) continue;
    request.source = undefined;
    const unusual = !othersUse
      ? `no other client requests ${request.route}`
      : !answersOk
        ? `no other client gets a success from ${request.route}`
        : `answered ${status} where other clients get a success`;
    lines.push({
      file: source.file,
      fields: ['request'],
      line: source.line,
      ip,
      score,
      reasons: [`from a hostile client (${kinds}); unusual for this site: ${unusual}`],
      text: source.text,
      tags: [],
      count: source.count,
      attack: true,
      outlierScore: 0,
      nearestNormal: [],
    });
  }
  return lines;
}
