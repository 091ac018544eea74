// Clients that send the same few requests over and over: form spam from a dozen addresses, a login
// brute-forced from many, an HTTP flood. No line of theirs is a finding (each is an ordinary request
// to a page that exists); what makes them one campaign is the repetition, shared. On almhuette-raith's
// day, twelve addresses each send the contact form's four requests (the form, its two links, the
// POST) 230–260 times with 20–48 user agents: twelve client findings a reader must otherwise match
// by hand.

import { rowsByClient, type RowsByClient } from '../features/rows-by-client.js';
import type { ClientLink } from './campaign-links.js';

export interface TargetRows {
  readonly size: number;
  textId(i: number): number;
  ipId(i: number): number;
  /** NaN when not logged. */
  timeMs(i: number): number;
}

export interface TargetOptions {
  /** A text is one of a client's repeated requests when it is sent this often… */
  minRepeats: number;
  /** …and is at least this share of the client's requests (a reader's 5 visits to the home page among 250 requests are not). */
  minRepeatShare: number;
  /** Requests to its repeated texts a client needs, in all, before they are a target… */
  minTargetRequests: number;
  /** …and the share of its requests they must be. */
  minTargetShare: number;
}

export const TARGET_DEFAULTS: Readonly<TargetOptions> = Object.freeze({ minRepeats: 5, minRepeatShare: 0.1, minTargetRequests: 20, minTargetShare: 0.5 });

/** The requests a client sends over and over. */
export interface ClientTarget {
  ipId: number;
  /** Its repeated distinct texts (method, masked path and query), ascending, with its requests to each. */
  texts: Array<[textId: number, requests: number]>;
  /** Its requests to them, in all. */
  requests: number;
  firstMs: number;
  lastMs: number;
}

/**
 * The requests each candidate client sends over and over, when they are at least `minTargetRequests`
 * of its requests and `minTargetShare` of them. Candidates are the clients reported on their own (a
 * structured feature fired, hostile, hammering, a form bot), not crawlers or monitors: a monitor polls
 * one URL by design, and a reader who reloads a page ten times is no finding to begin with.
 */
export function repeatedTargets(rows: TargetRows, candidate: (ipId: number) => boolean, options: TargetOptions = TARGET_DEFAULTS): ClientTarget[] {
  const byClient = candidateRows(rows, candidate);
  // Per client, its requests per text in one array by text id, reset through the texts it touched: a
  // Map per client held 26 MB of tables a scavenge promoted on the every-site 1M-line bench log.
  const perText = new Uint32Array(byClient.texts);
  const touched: number[] = [];
  const targets: ClientTarget[] = [];
  for (let c = 0; c < byClient.clients; c++) {
    const from = byClient.start[c]!;
    const to = byClient.start[c + 1]!;
    if (from === to) continue;
    for (let k = from; k < to; k++) {
      const textId = rows.textId(byClient.order[k]!);
      if (perText[textId]!++ === 0) touched.push(textId);
    }
    const total = to - from;
    const least = Math.max(options.minRepeats, options.minRepeatShare * total);
    const repeated: Array<[number, number]> = [];
    for (const textId of touched) {
      if (perText[textId]! >= least) repeated.push([textId, perText[textId]!]);
      perText[textId] = 0;
    }
    touched.length = 0;
    repeated.sort((a, b) => a[0] - b[0]);
    const requests = repeated.reduce((sum, [, count]) => sum + count, 0);
    if (requests < options.minTargetRequests || requests < options.minTargetShare * total) continue;
    // The span of the repeated requests.
    const target: ClientTarget = { ipId: c, texts: repeated, requests, firstMs: Infinity, lastMs: -Infinity };
    const texts = new Set(repeated.map(([textId]) => textId));
    for (let k = from; k < to; k++) {
      const i = byClient.order[k]!;
      const time = rows.timeMs(i);
      if (Number.isNaN(time) || !texts.has(rows.textId(i))) continue;
      target.firstMs = Math.min(target.firstMs, time);
      target.lastMs = Math.max(target.lastMs, time);
    }
    targets.push(target);
  }
  return targets;
}

/** The candidates' rows grouped by client (features/rows-by-client.ts), with the bounds of their ids. */
function candidateRows(rows: TargetRows, candidate: (ipId: number) => boolean): RowsByClient & { clients: number; texts: number } {
  let clients = 0;
  let texts = 0;
  const chosen = new Uint8Array(rows.size);
  for (let i = 0; i < rows.size; i++) {
    const ipId = rows.ipId(i);
    if (!candidate(ipId)) continue;
    chosen[i] = 1;
    clients = Math.max(clients, ipId + 1);
    texts = Math.max(texts, rows.textId(i) + 1);
  }
  return { clients, texts, ...rowsByClient(rows, clients, (i) => chosen[i] === 1) };
}

/**
 * Links between clients whose repeated requests are the same set of texts (a chain per set: the groups
 * are what count). The same set, not an overlap: many readers repeat the home page, and a client
 * whose hammered page is also another's is no partner unless the rest matches too.
 */
export function targetLinks(targets: readonly ClientTarget[]): ClientLink[] {
  const bySet = new Map<string, number[]>();
  for (const target of targets) {
    const key = target.texts.map(([textId]) => textId).join(',');
    const clients = bySet.get(key) ?? [];
    clients.push(target.ipId);
    bySet.set(key, clients);
  }
  const links: ClientLink[] = [];
  for (const clients of bySet.values()) {
    for (let k = 1; k < clients.length; k++) links.push({ a: clients[0]!, b: clients[k]!, kind: 'target' });
  }
  return links;
}
