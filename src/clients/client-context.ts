// Which clients are clearly hostile, from what their requests show: attack payloads, probes of paths
// the site's other clients never use or that answer nobody without an error, a scanner's user agent.
// A hostile client's requests that are unusual for the site become findings even when each one alone
// looks ordinary (a scanner's `POST /index.php/component/search/`); its ordinary page views do not
// (see rank/unusual-request.ts).

import { rowsByClient } from '../features/rows-by-client.js';
import { CappedDistinct } from '../sitemap/capped-distinct.js';
import { CLIENT_CAP, type SiteMap } from '../sitemap/site-map.js';
import { isCrawlerRequest } from './crawler-requests.js';
import { ProbePairs, sharedProbes } from './shared-probes.js';

export interface ContextRows {
  readonly size: number;
  textId(i: number): number;
  ipId(i: number): number;
  tagMask(i: number): number;
  status(i: number): number;
  /** Whether browsers send the request by themselves (clients/browser-requests.ts): never a probe. */
  browserRequest(i: number): boolean;
}

export interface ClientEvidence {
  requests: number;
  /** Lines carrying an attack tag other than the scanner user agent. */
  payloadLines: number;
  /** Lines answered with an error, whose method no other client gets a success with. */
  refusedMethodLines: number;
  /** Distinct routes requested. */
  routes: number;
  /** Distinct routes no other client requested. */
  unseenRoutes: number;
  /** Distinct requests (masked texts: path and query). */
  paths: number;
  /**
   * Distinct requests answered with an error, to a route no other client requests or that answers
   * nobody without one. Counted per request, not per route: a scanner's `/backup.zip`, `/backup.tar`
   * and `/backup.sql` are one route template but three guesses.
   */
  probePaths: number;
  /** Of probePaths, those answered 200 with the site's catch-all page (sitemap/catch-all-page.ts). */
  catchAllProbePaths: number;
  /** Requests (not distinct) that were probes: a client asking for the same missing path again and again. */
  probeLines: number;
  /** Probe requests answered with a refusal (REFUSALS: 400, 403, …), not a missing page. */
  refusedProbeLines: number;
  /**
   * For a client that sent nothing but probes (two requests or more): its distinct probes that
   * `minProbeCompanions` other such clients sent too, and the most such clients behind one of them.
   */
  sharedProbes: number;
  probeCompanions: number;
  scannerAgent: boolean;
  /**
   * Whether its user agent names a known crawler (clients/known-agents.ts). Looked up only for a client
   * that fetched /robots.txt, the only ones followsDeadLinks can be true for, whether or not its missing
   * pages are probes: the client ranking asks too (secrepo's Googlebot gets 404 for a stylesheet that
   * other clients are redirected on, no probe, and for little else).
   */
  crawlerAgent: boolean;
  /** Whether it asked for /robots.txt, as a polite crawler does. */
  robotsTxt: boolean;
  /**
   * Failed requests, none refused, for files a crawler asks every site for whether the site has them or
   * not (crawler-requests.ts: `/ads.txt`, a sitemap; browser-requests.ts: icons). A known crawler's
   * share of failing requests leaves them out (client-rank.ts, excusedCrawlerMisses).
   */
  crawlerMisses: number;
}

export interface ClientContextOptions {
  /**
   * Payload lines that make a client hostile, when they are also at least `minPayloadShare` of its
   * requests. A client that sent nothing else (one payload or more, the rest refused methods) is
   * hostile whatever their number.
   */
  minPayloadLines: number;
  minPayloadShare: number;
  /** Probes that make a client hostile, when they are also at least `minProbeShare` of its distinct requests. */
  minProbes: number;
  minProbeShare: number;
  /**
   * A small scanner (`/wp-login.php`, `/administrator/`, `/admin.php`, all 404, and nothing else)
   * makes too few requests for `minProbes`: `minFewProbes` probes are enough when they are more than
   * `minFewProbeShare` of what the client asks for. An ordinary visitor's broken links and missing
   * icons are a few among the pages it reads (half of them at most, on the clean logs we design on).
   */
  minFewProbes: number;
  minFewProbeShare: number;
  /**
   * A client that repeats its probes (the same missing path, asked for again and again, and little
   * else): `minRepeatedProbes` probe requests that are at least `minRepeatedProbeShare` of its requests.
   * Broken or probing, it is not a reader: a reader's missing icon is one failure among its pages.
   */
  minRepeatedProbes: number;
  minRepeatedProbeShare: number;
  /**
   * A campaign spread over addresses (shared-probes.ts): a client that sends only probes, two or more,
   * is hostile when `minSharedProbes` of them are sent by at least `minProbeCompanions` other clients
   * that send only probes too.
   */
  minSharedProbes: number;
  minProbeCompanions: number;
}

export const CLIENT_CONTEXT_DEFAULTS: Readonly<ClientContextOptions> = Object.freeze({
  minPayloadLines: 2,
  minPayloadShare: 0.02,
  minProbes: 8,
  minProbeShare: 0.25,
  minFewProbes: 3,
  minFewProbeShare: 0.5,
  minRepeatedProbes: 5,
  minRepeatedProbeShare: 0.8,
  minSharedProbes: 2,
  minProbeCompanions: 2,
});

export interface ClientContext {
  evidence: ClientEvidence[];
  /** 1 where the client is hostile. */
  hostile: Uint8Array;
  /** Why a hostile client is hostile (one line). */
  why(ipId: number): string;
  /** The same in a few words (`attack payloads, probes`), for each of its lines' reasons. */
  kinds(ipId: number): string;
  /**
   * Whether record `i` was answered with the catch-all page (ContextInput.catchAll) to a route that no
   * other client reading pages requests: a probe. False for every record without a catch-all page.
   */
  catchAllProbe(i: number): boolean;
}

export interface ContextInput {
  rows: ContextRows;
  clients: number;
  site: SiteMap;
  /** Whether a tag mask holds a payload tag, a scanner user agent. */
  tagKinds(mask: number): { payload: boolean; scannerAgent: boolean };
  /** Whether a client's user agent names a known crawler; none does when absent. */
  crawler?(ipId: number): boolean;
  /**
   * Whether the id stands for records without a client address (clients/proxied-log.ts
   * isMissingAddress): everyone's requests under one id, no client, never hostile.
   */
  noClient?(ipId: number): boolean;
  /**
   * Whether record `i` was answered 200 with the site's catch-all page (sitemap/catch-all-page.ts): to
   * a route no other client requests, a probe as an error there is. None is when absent.
   */
  catchAll?(i: number): boolean;
}

export function clientContext(input: ContextInput, options: ClientContextOptions = CLIENT_CONTEXT_DEFAULTS): ClientContext {
  const { site } = input;
  const readers = input.catchAll === undefined ? undefined : pageReaders(input);
  const everyone: SiteView = {
    others: (route, ipId) => site.routeClients.others(route, ipId),
    okClients: (route) => site.routeOkClients.count(route),
    ...(readers !== undefined && { readers: routeReaders(input, readers) }),
  };
  const byClient = rowsByClient(input.rows, input.clients).order;
  let evidence = gatherEvidence(input, everyone, byClient, options);
  const judged = (e: ClientEvidence, ipId: number) => input.noClient?.(ipId) !== true && isHostile(e, options, input.clients);
  let hostile = Uint8Array.from(evidence, (e, ipId) => (judged(e, ipId) ? 1 : 0));
  // Scanners probe the same lists: where two of them ask for the same path, "no other client requests
  // it" fails for both. A second look judges the probes against the clients that are not hostile.
  if (hostile.includes(1)) {
    evidence = gatherEvidence(input, ordinaryView(input, hostile, readers), byClient, options);
    hostile = Uint8Array.from(evidence, (e, ipId) => (hostile[ipId] === 1 || judged(e, ipId) ? 1 : 0));
  }
  return {
    evidence,
    hostile,
    why: (ipId) => hostileWhy(evidence[ipId]!),
    kinds: (ipId) => hostileKinds(evidence[ipId]!),
    catchAllProbe: (i) => {
      if (everyone.readers === undefined || input.catchAll?.(i) !== true || input.rows.browserRequest(i)) return false;
      return everyone.readers(site.routeOfText[input.rows.textId(i)]!, input.rows.ipId(i)) === 0;
    },
  };
}

/** What the probe test asks of a route: how many other clients request it, how many get a success. */
interface SiteView {
  others(route: number, ipId: number): number;
  okClients(route: number): number;
  /**
   * With a catch-all page: how many other clients that read pages request it (pageReaders). A route
   * that only guessers ask for is no page of the site, whoever else guessed it too.
   */
  readers?(route: number, ipId: number): number;
}

/**
 * 1 for each client that got a page: an answer below 400 that is not the catch-all page. Everything a
 * guesser asked for was answered with an error or the catch-all page; a reader of a single-page app
 * gets its scripts and styles too, and an API's answers.
 */
function pageReaders(input: ContextInput): Uint8Array {
  const { rows } = input;
  const reads = new Uint8Array(input.clients);
  for (let i = 0; i < rows.size; i++) if (isPageAnswer(rows.status(i), input.catchAll!(i))) reads[rows.ipId(i)] = 1;
  return reads;
}

/**
 * Whether an answer shows its client reading a page: a status below 400 (0: not logged) that is not
 * the site's catch-all page (`catchAll`). `scan` and `semlog watch` (watch/judge-clients.ts) tell
 * readers from guessers by it.
 */
export function isPageAnswer(status: number, catchAll: boolean): boolean {
  return status !== 0 && status < 400 && !catchAll;
}

/** The clients of each route that read pages (pageReaders). */
function routeReaders(input: ContextInput, readers: Uint8Array): (route: number, ipId: number) => number {
  const { rows, site } = input;
  const clients = new CappedDistinct(site.routes.length, CLIENT_CAP);
  for (let i = 0; i < rows.size; i++) {
    const ipId = rows.ipId(i);
    if (readers[ipId] === 1) clients.add(site.routeOfText[rows.textId(i)]!, ipId);
  }
  return (route, ipId) => clients.others(route, ipId);
}

/** The same counts over the clients that are not hostile (and, with a catch-all page, its readers among them). */
function ordinaryView(input: ContextInput, hostile: Uint8Array, readers: Uint8Array | undefined): SiteView {
  const { rows, site } = input;
  const clients = new CappedDistinct(site.routes.length, CLIENT_CAP);
  const ok = new CappedDistinct(site.routes.length, CLIENT_CAP);
  const read = readers === undefined ? undefined : new CappedDistinct(site.routes.length, CLIENT_CAP);
  for (let i = 0; i < rows.size; i++) {
    const ipId = rows.ipId(i);
    if (hostile[ipId] === 1) continue;
    const route = site.routeOfText[rows.textId(i)]!;
    clients.add(route, ipId);
    if (rows.status(i) < 400) ok.add(route, ipId);
    if (readers?.[ipId] === 1) read!.add(route, ipId);
  }
  return {
    others: (route, ipId) => clients.others(route, ipId),
    okClients: (route) => ok.count(route),
    ...(read !== undefined && { readers: (route: number, ipId: number) => read.others(route, ipId) }),
  };
}

function gatherEvidence(input: ContextInput, view: SiteView, byClient: Uint32Array, options: ClientContextOptions): ClientEvidence[] {
  const { rows, site } = input;
  const evidence = Array.from({ length: input.clients }, emptyEvidence);
  const probes = new ProbePairs();
  const catchAll = input.catchAll ?? NO_CATCH_ALL;
  // Rows client by client: "has this client asked for this route / text before?" is then a stamp per
  // route and per text holding the last client that did, instead of a set of every (client, text) pair.
  const routeSeenBy = new Int32Array(site.routes.length).fill(-1);
  const textSeenBy = new Int32Array(site.routeOfText.length).fill(-1);
  const textProbedBy = new Int32Array(site.routeOfText.length).fill(-1);
  for (let k = 0; k < byClient.length; k++) {
    const i = byClient[k]!;
    const ipId = rows.ipId(i);
    const textId = rows.textId(i);
    const status = rows.status(i);
    const e = evidence[ipId]!;
    e.requests++;
    const kinds = input.tagKinds(rows.tagMask(i));
    if (kinds.payload) e.payloadLines++;
    if (kinds.scannerAgent) e.scannerAgent = true;
    if (status >= 400 && site.methodOkClients.others(site.methodOfText[textId]!, ipId) === 0) e.refusedMethodLines++;
    const route = site.routeOfText[textId]!;
    if (routeSeenBy[route] !== ipId) {
      routeSeenBy[route] = ipId;
      e.routes++;
      if (view.others(route, ipId) === 0) e.unseenRoutes++;
      if (site.routes[route] === '/robots.txt') e.robotsTxt = true;
    }
    if (textSeenBy[textId] !== ipId) {
      textSeenBy[textId] = ipId;
      e.paths++;
    }
    if (status >= 400 && !REFUSALS.has(status) && (rows.browserRequest(i) || isCrawlerRequest(site.routes[route]!))) e.crawlerMisses++;
    if (probeIn(view, route, ipId, status, rows.browserRequest(i), catchAll(i))) {
      e.probeLines++;
      if (REFUSALS.has(status)) e.refusedProbeLines++;
      if (textProbedBy[textId] !== ipId) {
        textProbedBy[textId] = ipId;
        e.probePaths++;
        if (status < 400) e.catchAllProbePaths++;
        probes.add(ipId, textId);
      }
    }
  }
  const lists = sharedProbes(probes, site.routeOfText.length, (ipId) => probeOnly(evidence[ipId]!), input.clients, options.minProbeCompanions);
  evidence.forEach((e, ipId) => {
    e.sharedProbes = lists.shared[ipId]!;
    e.probeCompanions = lists.companions[ipId]!;
    e.crawlerAgent = e.robotsTxt && (input.crawler?.(ipId) ?? false);
  });
  return evidence;
}

export function emptyEvidence(): ClientEvidence {
  return {
    requests: 0, payloadLines: 0, refusedMethodLines: 0, routes: 0, unseenRoutes: 0, paths: 0, probePaths: 0, catchAllProbePaths: 0, probeLines: 0,
    refusedProbeLines: 0, sharedProbes: 0, probeCompanions: 0, scannerAgent: false, crawlerAgent: false, robotsTxt: false, crawlerMisses: 0,
  };
}

/**
 * Whether the client is a crawler following the links it found, broken ones too: a known crawler's user
 * agent, /robots.txt fetched, no payload, and every failed request a missing page, none refused.
 * MJ12bot on elastic's clean log asks for 14 pages that do not exist (`/blog/tags/g`, links it misread
 * in a script: `/scripts//"file://$file/"`) and is no scanner; a scanner borrowing a crawler's name
 * still meets a refusal (a WAF's 403, a 405), sends a payload, or skips robots.txt.
 */
export function followsDeadLinks(e: ClientEvidence): boolean {
  return e.crawlerAgent && e.robotsTxt && e.refusedProbeLines === 0 && e.payloadLines === 0 && e.refusedMethodLines === 0 && !e.scannerAgent;
}

/**
 * The failures a known crawler is not blamed for (client-rank.ts): its crawlerMisses, or none when it
 * sent a payload, met a refusal or names a scanner. A scanner borrowing Googlebot's name that asks for
 * `/ads.txt` and `/.env` earns no excuse for the first. (Its other missing pages are excused only by
 * followsDeadLinks, with robots.txt fetched: on secrepo, which redirects plain-http requests for any
 * path, a fake Googlebot's `/wp-login.php` is a route "other clients get answers from".)
 */
export function excusedCrawlerMisses(e: ClientEvidence): number {
  const attacks = e.payloadLines > 0 || e.refusedProbeLines > 0 || e.refusedMethodLines > 0 || e.scannerAgent;
  return attacks ? 0 : e.crawlerMisses;
}

/** Whether the client sent nothing but probes, two requests or more (one failed request says nothing). */
export function probeOnly(e: ClientEvidence): boolean {
  return e.requests >= 2 && e.probeLines === e.requests;
}

/**
 * A probe answered with an error: to a route no other client requests or that answers nobody without
 * one, or refused outright (REFUSALS) whoever else the route serves (`route` is the site map's route
 * id); never a request that browsers send by themselves (`browserRequest`). A probe answered with the
 * catch-all page is ClientContext.catchAllProbe.
 */
export function isProbe(site: SiteMap, route: number, ipId: number, status: number, browserRequest: boolean): boolean {
  return probeIn({ others: (r, ip) => site.routeClients.others(r, ip), okClients: (r) => site.routeOkClients.count(r) }, route, ipId, status, browserRequest, false);
}

function probeIn(view: SiteView, route: number, ipId: number, status: number, browserRequest: boolean, catchAll: boolean): boolean {
  if (browserRequest) return false;
  // The route is looked up only for an error or a catch-all answer, which most requests are not.
  if (status >= 400) return isProbeAnswer(status, view.others(route, ipId) > 0, view.okClients(route) > 0);
  // A page that many clients read can be the catch-all page too (a single-page app's index.html is
  // its home page): only a path that no other client reading pages asks for is a guess.
  return catchAll && (view.readers ?? view.others)(route, ipId) === 0;
}

const NO_CATCH_ALL = (): boolean => false;

/**
 * The probe rule on what is known of a request's route: an error, and no other client uses the route,
 * or it answers nobody without an error, or the answer is a refusal. `scan` asks its site map,
 * `semlog watch` what it knows so far (watch/live-site-map.ts). Requests that browsers send by
 * themselves are left out by the callers.
 */
export function isProbeAnswer(status: number, othersUse: boolean, answersOk: boolean): boolean {
  return status >= 400 && (!othersUse || !answersOk || REFUSALS.has(status));
}

/** Whether `status` refuses the request itself (REFUSALS), not the resource. */
export function isRefusal(status: number): boolean {
  return REFUSALS.has(status);
}

/**
 * Answers that refuse the request itself, not the resource: malformed (400), forbidden (403, a WAF's
 * block), a method the route does not take (405, 501), a client the server will not serve (418, 429,
 * nginx's 444). A reader of a page that exists does not get them: honeynet's clients that send
 * `GET /` twenty times with a header the server rejects get 400 where every reader gets 200. Left out
 * on purpose: 401 (a login's first challenge), 404 and 410 (dead links, which readers follow), 408 and
 * 499 (slow or gone clients), 412 and 416 (conditional and range requests: a download manager resuming
 * a finished file gets 416 on elastic's clean log).
 */
const REFUSALS: ReadonlySet<number> = new Set([400, 403, 405, 418, 429, 444, 501]);

/** Why a hostile client is hostile (one line). */
export function hostileWhy(e: ClientEvidence): string {
  const parts: string[] = [];
  if (e.payloadLines > 0) parts.push(`${e.payloadLines} request(s) with attack payloads`);
  if (e.refusedMethodLines > 0) parts.push(`${e.refusedMethodLines} request(s) refused, with a method no other client gets an answer to`);
  if (e.probePaths > 0) parts.push(`${e.probePaths} of its ${e.paths} distinct requests probed (no other client uses them, or they answer only errors)${catchAllNote(e)}`);
  if (e.probeLines > e.probePaths) parts.push(`${e.probeLines} of its ${e.requests} requests were such probes, repeated`);
  if (e.sharedProbes > 0) parts.push(`it sent nothing but probes, ${e.sharedProbes} of them also sent by up to ${e.probeCompanions} other clients that send nothing but probes`);
  if (e.scannerAgent) parts.push('a scanner user agent');
  return parts.join(', ');
}

/** What hostileWhy adds when some probes were answered with the catch-all page, not an error. */
function catchAllNote(e: ClientEvidence): string {
  return e.catchAllProbePaths === 0 ? '' : `; ${e.catchAllProbePaths} of them answered 200 with the site's catch-all page`;
}

/** The same in a few words (`attack payloads, probes`). */
export function hostileKinds(e: ClientEvidence): string {
  const parts: string[] = [];
  if (e.payloadLines > 0) parts.push('attack payloads');
  if (e.refusedMethodLines > 0) parts.push('refused methods');
  if (e.probePaths > 0) parts.push(e.sharedProbes > 0 ? 'probes shared with other clients' : 'probes');
  if (e.scannerAgent) parts.push('a scanner user agent');
  return parts.join(', ');
}

/**
 * Whether many of the client's paths are probes (`minProbes`, and `minProbeShare` of its paths): a
 * scanner's pattern, which a proxy carrying a site's readers does not show (their dead links are a
 * few of their paths).
 */
export function probesManyPaths(e: ClientEvidence, options: ClientContextOptions = CLIENT_CONTEXT_DEFAULTS): boolean {
  return e.probePaths >= options.minProbes && e.probePaths >= options.minProbeShare * e.paths;
}

export function isHostile(e: ClientEvidence, options: ClientContextOptions, clients: number): boolean {
  if (e.scannerAgent) return true;
  // Attacks must be a noticeable part of what the client does: behind a proxy that logs one address
  // (netnea's tutorial log), the whole site's traffic is one client, and a few tagged requests among
  // ten thousand do not make every one of its requests a finding.
  // A method no other client gets an answer to (`CONNECT`, `PUT` on a site nobody writes to), refused,
  // counts like a payload: it asks the server for something it is not. With one client there is no
  // other client to compare with (a log without addresses: everyone's POSTs, refused at times).
  const attacks = e.payloadLines + (clients < 2 ? 0 : e.refusedMethodLines);
  if (attacks >= options.minPayloadLines && attacks >= options.minPayloadShare * e.requests) return true;
  // Nothing but attacks, a payload among them: the one request of each address of a campaign spread
  // over many (secrepo's 2022 log: 80 addresses, one `/backup.tar` or `/.env` each). Too few for
  // `minPayloadLines`, and nothing an ordinary client sent.
  if (e.payloadLines > 0 && attacks === e.requests) return true;
  // With no other client, every path is "one no other client uses": probes say nothing.
  if (clients < 2 || followsDeadLinks(e)) return false;
  const probes = e.probePaths;
  return probesManyPaths(e, options)
    || (probes >= options.minFewProbes && probes > options.minFewProbeShare * e.paths)
    || (e.probeLines >= options.minRepeatedProbes && e.probeLines >= options.minRepeatedProbeShare * e.requests)
    || (probeOnly(e) && e.sharedProbes >= options.minSharedProbes);
}
