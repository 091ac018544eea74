// Clients that send the same few requests over and over: form spam from a dozen addresses, a login
// brute-forced from many, an HTTP flood. No line of theirs is a finding (each is an ordinary request
// to a page that exists); what makes them one campaign is the repetition, shared. On almhuette-raith's
// day, twelve addresses each send the contact form's four requests (the form, its two links, the
// POST) 230–260 times with 20–48 user agents: twelve client findings a reader must otherwise match
// by hand.

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
 * structured feature fired, hostile, hammering, a form bot), not crawlers or monitors: a monitor polls one URL by
 * design, and a reader who reloads a page ten times is no finding to begin with.
 */
export function repeatedTargets(rows: TargetRows, candidate: (ipId: number) => boolean, options: TargetOptions = TARGET_DEFAULTS): ClientTarget[] {
  const counts = new Map<number, { total: number; texts: Map<number, number> }>();
  for (let i = 0; i < rows.size; i++) {
    const ipId = rows.ipId(i);
    if (!candidate(ipId)) continue;
    let client = counts.get(ipId);
    if (client === undefined) {
      client = { total: 0, texts: new Map() };
      counts.set(ipId, client);
    }
    client.total++;
    const textId = rows.textId(i);
    client.texts.set(textId, (client.texts.get(textId) ?? 0) + 1);
  }
  const targets = new Map<number, ClientTarget>();
  for (const [ipId, { total, texts }] of counts) {
    const least = Math.max(options.minRepeats, options.minRepeatShare * total);
    const repeated = [...texts].filter(([, count]) => count >= least).sort((a, b) => a[0] - b[0]);
    const requests = repeated.reduce((sum, [, count]) => sum + count, 0);
    if (requests >= options.minTargetRequests && requests >= options.minTargetShare * total) {
      targets.set(ipId, { ipId, texts: repeated, requests, firstMs: Infinity, lastMs: -Infinity });
    }
  }
  // The span of the repeated requests: one more pass, over the targets' own texts only.
  const repeatedBy = new Map<number, Set<number>>();
  for (const target of targets.values()) repeatedBy.set(target.ipId, new Set(target.texts.map(([textId]) => textId)));
  for (let i = 0; i < rows.size; i++) {
    const target = targets.get(rows.ipId(i));
    const time = rows.timeMs(i);
    if (target === undefined || Number.isNaN(time) || !repeatedBy.get(target.ipId)!.has(rows.textId(i))) continue;
    target.firstMs = Math.min(target.firstMs, time);
    target.lastMs = Math.max(target.lastMs, time);
  }
  return [...targets.values()].sort((a, b) => a.ipId - b.ipId);
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
