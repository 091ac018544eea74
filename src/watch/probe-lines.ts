// A hostile client's probes as line findings, live: what `scan` reports as a hostile client's requests
// that are unusual for the site (rank/unusual-request.ts: no other client requests the route, or gets
// a success from it, or the request was answered with an error where others succeed). A watcher
// writes each line as it arrives, before it knows the client; so when a client is judged hostile, its
// probes still in the window that were no finding of their own are written then, each once.

import { hostileKinds, type ClientEvidence } from '../clients/client-context.js';
import { clientLineBonus, CONTEXT_LINE_SCORE, FUSE_DEFAULTS, lineScore } from '../rank/fuse-findings.js';
import { catchAllReason, hostileRequestReason, routeReason } from '../rank/unusual-request.js';
import { flatCopy } from '../text/flat-copy.js';
import type { IpVerdict, LineFinding } from '../types.js';
import type { WindowRequest } from './client-window.js';

/**
 * Characters of a probe's text kept until it is written: the window holds up to 500,000 requests, and
 * a request line can be 64 KiB long (one cut is marked with `…`, as the top-URI tables do).
 */
export const MAX_SOURCE_TEXT = 1_000;

/** What a request that may be a probe (an error, or a 200 that may be the catch-all page) keeps to be written later: where it is, and its text. */
export interface ProbeSource {
  file: string;
  line: number;
  text: string;
  /** How often its text was seen so far. */
  count: number;
}

/**
 * `text` as a probe source keeps it: at most MAX_SOURCE_TEXT characters, copied flat (text/flat-copy.ts).
 */
export function sourceText(text: string): string {
  return text.length <= MAX_SOURCE_TEXT ? text : `${flatCopy(text.slice(0, MAX_SOURCE_TEXT - 1))}…`;
}

/**
 * A line finding written from what the window kept, with its request's time (null: the format logs
 * none) and whether it is a probe: what live campaigns read of it (live-campaigns.ts).
 */
export interface KeptLine {
  finding: LineFinding;
  timeMs: number | null;
  probe: boolean;
}

/** A probe of the client's window not written yet, with what the watcher knew of its route when it judged it. */
export interface UnwrittenProbe {
  request: WindowRequest;
  othersUse: boolean;
  answersOk: boolean;
}

/** The line findings of hostile client `ip`'s probes not written yet (from judge-clients.ts); marks them written. */
export function probeLines(ip: string, probes: readonly UnwrittenProbe[], evidence: ClientEvidence, verdict: IpVerdict | undefined): KeptLine[] {
  const score = lineScore(CONTEXT_LINE_SCORE, clientLineBonus(verdict), FUSE_DEFAULTS.ipWeight);
  const kinds = hostileKinds(evidence);
  return probes.map(({ request, othersUse, answersOk }) => {
    const source = request.source!;
    request.source = undefined;
    // No other client succeeds where no other client asks.
    // A probe below 400 is a catch-all page's answer (judge-clients.ts).
    const status = request.status ?? 0;
    const unusual = status > 0 && status < 400 ? catchAllReason(request.route) : routeReason(request.route, othersUse, othersUse && answersOk, status)!;
    return { finding: keptLine(ip, source, score, hostileRequestReason(kinds, unusual)), timeMs: request.timeMs, probe: true };
  });
}

/**
 * The line finding of a request the window kept (its `source`), written once its client's verdict
 * makes it one: a hostile client's probe here, a form bot's instant POST (form-bot-lines.ts).
 */
export function keptLine(ip: string, source: ProbeSource, score: number, reason: string): LineFinding {
  return {
    file: source.file,
    fields: ['request'],
    line: source.line,
    ip,
    score,
    reasons: [reason],
    text: source.text,
    tags: [],
    count: source.count,
    attack: true,
    outlierScore: 0,
    nearestNormal: [],
  };
}
