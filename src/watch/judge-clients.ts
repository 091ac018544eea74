// The structured detector on live traffic: after each batch, every client that sent a request in it
// is scored over its sliding window (client-window.ts) with scan's scorer (features/score-ips.ts)
// and ranked with scan's client rules (clients/client-rank.ts: hostile, hammering, crawler…), and is
// emitted as scan's IP finding (rank/fuse-findings.ts clientFinding), so one reader serves both.
//
// "Normal" is the baseline's client statistics when there is one; otherwise the latest rows of the
// RECENT_CLIENTS clients judged last, in the window or not, once there are MIN_POPULATION of them
// (fewer say nothing about what is normal), learned again every STATS_EVERY_RECORDS requests rather
// than per batch (a median over thousands of clients per batch would cost more than the judging). The
// window alone held 20-50 clients on a quiet site, and which of them were reported for their z-scores
// changed with the batch size (elastic-apache-logs: Jaccard 0.36-0.49 between batches of 50 and of
// 100-5,000; 0.96-0.98 with the recent clients). A client is emitted when it becomes reportable and
// again only when it shows a label or fired feature it had not shown, so that a client that stays bad
// yields a few findings, not one per batch.

import { isBrowserRequest } from '../clients/browser-requests.js';
import { CLIENT_CONTEXT_DEFAULTS, emptyEvidence, hostileWhy, isHostile, isPageAnswer, isProbeAnswer, isRefusal, probeOnly, type ClientEvidence } from '../clients/client-context.js';
import { compareClients, rankClient } from '../clients/client-rank.js';
import { knownAgent } from '../clients/known-agents.js';
import { isMissingAddress } from '../clients/proxied-log.js';
import { SCANNER_AGENT_TAG } from '../features/attack-patterns.js';
import { hash52 } from '../features/hash.js';
import { DEFAULT_MIN_REQUESTS, learnFeatureStats, type FeatureStats } from '../features/feature-stats.js';
import type { IpFeatureRow } from '../features/ip-feature-row.js';
import { scoreIps, type FeatureBaseline } from '../features/score-ips.js';
import { clientFinding, FUSE_DEFAULTS } from '../rank/fuse-findings.js';
import { answerSize, catchAllWarning } from '../sitemap/catch-all-page.js';
import { routeOf } from '../sitemap/route-of.js';
import type { IpFinding, LineFinding } from '../types.js';
import { ClientWindow, type ClientTrail, type ClientWindowOptions } from './client-window.js';
import type { JudgedRecord } from './judge-records.js';
import { LiveSiteMap } from './live-site-map.js';
import { formBotLines } from './form-bot-lines.js';
import { probeLines, sourceText, type KeptLine, type UnwrittenProbe } from './probe-lines.js';
import { ProbeLists } from './probe-lists.js';
import { LiveCookies } from './live-cookies.js';
import { ProfileMemo } from './profile-memo.js';
import { RecencyMap } from './recency-map.js';

/** Clients in the window before they are scored against each other (without a baseline). */
export const MIN_POPULATION = 20;
/** Requests between two learnings of the population's statistics (without a baseline). */
export const STATS_EVERY_RECORDS = 1000;
/** Clients whose latest rows make the population (without a baseline). */
export const RECENT_CLIENTS = 2000;
/** The most log time of a batch judged at once. */
export const CHUNK_MS = 60_000;
/**
 * Clients once labelled form-bot that are remembered beyond their window, the least recently judged
 * forgotten first: their later instant POSTs are lines even when the window holds too few to label
 * them again (form-bot-lines.ts).
 */
export const MAX_KNOWN_FORM_BOTS = 10_000;

export interface ClientJudgeOptions extends ClientWindowOptions {
  /** Distinct requests (URI and user agent) whose profile is shared by the window's requests. */
  maxProfiles: number;
  /** Routes whose clients and answers are remembered for the probe rule (live-site-map.ts). */
  maxRoutes: number;
  /** The site map to judge with, made with maxRoutes: one kept across restarts (site-map-journal.ts); a new one without. */
  site?: LiveSiteMap;
  /** The baseline's per-client statistics (`structured.json` of `semlog train`). */
  baseline?: FeatureBaseline;
}

export class ClientJudge {
  readonly #window: ClientWindow;
  readonly #baseline: FeatureBaseline | undefined;
  /**
   * The latest row of the RECENT_CLIENTS clients judged last, in the order they were last judged: the
   * population whose statistics say what is normal (without a baseline).
   */
  readonly #recent = new RecencyMap<string, IpFeatureRow>(RECENT_CLIENTS);
  readonly #profiles: ProfileMemo;
  readonly #site: LiveSiteMap;
  /** The probes of probe-only clients, beyond their window: lists that many small clients share (probe-lists.ts). */
  readonly #lists = new ProbeLists();
  /**
   * Which addresses sent each cookie, beyond their window (live-cookies.ts): scan's max_cookie_reuse,
   * counted against a baseline only. Without one, the population of the z-scores is the clients judged
   * last, and a cookie every visitor sends (consent, language) climbs from 1 to 256 senders while that
   * population still holds the first low counts: on a CloudFront sample whose every line carries the
   * same cookie, 592 client findings instead of 31. A baseline knows the site's usual reuse.
   */
  readonly #cookies: LiveCookies | undefined;
  readonly #lines: KeptLine[] = [];
  /** Clients labelled form-bot so far (MAX_KNOWN_FORM_BOTS). */
  readonly #formBots = new RecencyMap<string, true>(MAX_KNOWN_FORM_BOTS);
  /** Earlier senders of probe lists that a client judged now shares, to judge again (#judgeTouched). */
  readonly #companions = new Set<string>();
  /** Log time judged at once (see judge). */
  readonly #chunkMs: number;
  #population: Record<string, FeatureStats> = {};
  #sinceStats = Number.POSITIVE_INFINITY;
  #lastMs = 0;

  constructor(options: ClientJudgeOptions) {
    this.#window = new ClientWindow(options);
    this.#profiles = new ProfileMemo(options.maxProfiles);
    this.#site = options.site ?? new LiveSiteMap(options.maxRoutes);
    this.#chunkMs = Math.min(CHUNK_MS, options.windowMs / 2);
    this.#baseline = options.baseline;
    this.#cookies = options.baseline === undefined ? undefined : new LiveCookies();
  }

  /**
   * Adds the batch to the window; returns the IP findings it decided, best first. The batch is judged
   * in pieces of at most CHUNK_MS of log time (half the window when that is shorter): a batch read
   * from a backlog (`--from start`, a pipe that had filled) spans hours, and its clients' requests
   * would leave the window before they were judged.
   */
  judge(batch: readonly JudgedRecord[]): IpFinding[] {
    const findings: IpFinding[] = [];
    const touched = new Set<string>();
    let chunkStartMs: number | null = null;
    let chunkRecords = 0;
    for (const judged of batch) {
      const timeMs = judged.record.timeMs;
      if (timeMs !== null) {
        if (chunkStartMs !== null && Math.abs(timeMs - chunkStartMs) >= this.#chunkMs) {
          findings.push(...this.#judgeTouched(touched, chunkRecords));
          touched.clear();
          chunkRecords = 0;
          chunkStartMs = null;
        }
        chunkStartMs ??= timeMs;
      }
      this.#add(judged);
      touched.add(judged.record.clientIp);
      chunkRecords++;
    }
    findings.push(...this.#judgeTouched(touched, chunkRecords));
    return findings.sort(compareClients);
  }

  /**
   * The findings among the clients `touched` by the last `records` requests, and then among the
   * earlier senders of the probe lists those clients made shared (#shareProbes), if their window still
   * holds them: a campaign's first addresses are judged before their companions come, and were no
   * finding then.
   */
  #judgeTouched(touched: ReadonlySet<string>, records: number): IpFinding[] {
    const findings = this.#judgeClients(touched, records);
    // Those already written hostile have nothing to add: a list of thousands of senders costs no more.
    const again = new Set([...this.#companions].filter((ip) => !touched.has(ip) && this.#window.get(ip)?.emitted.has('hostile') === false));
    this.#companions.clear();
    // Once: the companions' own companions are those clients already judged, or wait for their next request.
    if (again.size > 0) findings.push(...this.#judgeClients(again, 0));
    this.#companions.clear();
    return findings;
  }

  #add({ record, text, tags, finding, count }: JudgedRecord): void {
    // Without times, a request is "now" for the window: only the caps bound it then.
    if (record.timeMs !== null) this.#lastMs = record.timeMs;
    const okBytes = record.status === 200 ? answerSize(record) : 0;
    const route = this.#site.see(routeOf(text), record.clientIp, record.status, okBytes);
    this.#site.answer(record.method, record.clientIp, record.status);
    // A probe may be written later: an error, or a 200 that may turn out to be the catch-all page (on a
    // route no other client has requested yet), or is it now (on a route others may only have guessed).
    // So may a POST, once its client turns out to be a form bot (form-bot-lines.ts).
    const mayProbe =
      finding === undefined && record.status !== null && (record.status >= 400 || (okBytes > 0 && (!this.#site.othersUse(route, record.clientIp) || this.#site.isCatchAll(okBytes))));
    const mayWrite = mayProbe || (finding === undefined && record.method === 'POST');
    // As scan's accumulator reads a cookie (features/ip-accumulator.ts): '' and '-' are none.
    const cookieReuse = this.#cookies === undefined || record.cookie === '' || record.cookie === '-' ? undefined : this.#cookies.add(hash52(record.cookie), record.clientIp);
    this.#window.add(record.clientIp, {
      // The fields IpState reads, copied: the record (its raw strings) is not kept alive.
      method: record.method,
      status: record.status,
      durationMs: record.durationMs,
      timeMs: record.timeMs,
      userAgent: record.userAgent === '' ? '' : '-',
      profile: this.#profiles.of(record, tags),
      payload: tags.some((tag) => tag !== SCANNER_AGENT_TAG),
      scannerAgent: tags.includes(SCANNER_AGENT_TAG),
      flagged: finding !== undefined,
      route,
      browserRequest: isBrowserRequest(record.path),
      okBytes,
      ...(mayWrite && { source: { file: record.file, line: record.line, text: sourceText(text), count: count ?? 1 } }),
      atMs: record.timeMs ?? this.#lastMs,
      ...(cookieReuse !== undefined && { cookieReuse }),
    });
  }

  /** The catch-all pages learned since the last call (live-site-map.ts), as scan's warning says them; each once per run. */
  takeWarnings(): string[] {
    return this.#site.takeLearned().map((page) => catchAllWarning([page])!);
  }

  /**
   * The line findings decided since the last call, in the order found: hostile clients' probes
   * (probe-lines.ts) and form bots' instant POSTs (form-bot-lines.ts).
   */
  takeLines(): LineFinding[] {
    return this.takeKeptLines().map((kept) => kept.finding);
  }

  /** takeLines() with each line's time and whether it is a probe (what live campaigns read). */
  takeKeptLines(): KeptLine[] {
    return this.#lines.splice(0);
  }

  /** The findings among the clients `touched` by the last `records` requests. */
  #judgeClients(touched: ReadonlySet<string>, records: number): IpFinding[] {
    this.#sinceStats += records;
    const rows: IpFeatureRow[] = [];
    for (const ip of touched) {
      // Records without a client address are everyone's: no client to judge (clients/proxied-log.ts).
      if (isMissingAddress(ip)) continue;
      const trail = this.#window.get(ip);
      const row = this.#window.row(ip);
      if (trail === undefined || row === undefined) continue;
      this.#recent.set(ip, row);
      rows.push(row);
    }
    const findings: IpFinding[] = [];
    const readsPages = this.#pageReaders();
    for (const verdict of scoreIps(rows, { baseline: this.#normal() })) {
      const trail = this.#window.get(verdict.ip)!;
      const { evidence, unwritten, probes } = clientEvidence(verdict.ip, trail, this.#site, verdict.topUserAgents[0]?.[0] ?? '', readsPages);
      this.#shareProbes(verdict.ip, evidence, probes);
      const flaggedLines = countFlagged(trail);
      const hostile = isHostile(evidence, CLIENT_CONTEXT_DEFAULTS, this.#window.clients);
      if (hostile) this.#lines.push(...probeLines(verdict.ip, unwritten, evidence, verdict));
      const rank = rankClient({ verdict, flaggedLines, hostile, hostileWhy: hostile ? hostileWhy(evidence) : '', robotsTxt: evidence.robotsTxt });
      // scan labels a form bot over the whole log and reports all of its instant POSTs; live, a spammer
      // that posts every quarter of an hour has two instant POSTs in its window only now and then.
      if (rank.labels.includes('form-bot')) this.#formBots.set(verdict.ip, true);
      if (this.#formBots.use(verdict.ip)) this.#lines.push(...formBotLines(verdict.ip, trail, verdict));
      if (!(rank.reportable || flaggedLines >= FUSE_DEFAULTS.minFlaggedLines)) continue;
      const keys = [...rank.labels, ...verdict.fired, ...(flaggedLines >= FUSE_DEFAULTS.minFlaggedLines ? ['flagged-lines'] : [])];
      if (keys.every((key) => trail.emitted.has(key))) continue;
      for (const key of keys) trail.emitted.add(key);
      findings.push(clientFinding(verdict.ip, verdict, rank, flaggedLines));
    }
    return findings;
  }

  /**
   * A probe-only client's probes go to the lists, and the evidence gets how many of them other
   * probe-only clients sent (scan's shared probe lists); any other client leaves the lists.
   */
  #shareProbes(ip: string, evidence: ClientEvidence, probes: readonly string[]): void {
    if (!probeOnly(evidence)) {
      this.#lists.forget(ip);
      return;
    }
    this.#lists.note(ip, probes);
    const { shared, companions } = this.#lists.count(ip, probes, CLIENT_CONTEXT_DEFAULTS.minProbeCompanions);
    evidence.sharedProbes = shared;
    evidence.probeCompanions = companions;
    // Its list is shared now: the clients that sent it earlier may be hostile by it too.
    if (shared > 0) for (const other of this.#lists.companions(ip, probes)) this.#companions.add(other);
  }

  /** Clients whose requests are kept. */
  get clients(): number {
    return this.#window.clients;
  }

  /** Requests kept over all clients. */
  get requests(): number {
    return this.#window.requests;
  }

  /** Clients whose latest rows make the population (at most RECENT_CLIENTS). */
  get population(): number {
    return this.#recent.size;
  }

  /**
   * Whether a client reads pages (scan's word, clients/client-context.ts): an answer below 400 in its
   * window that is not the catch-all page as known now. A client that left the window counts as one
   * (fewer probes rather than more). Memoized for one judging.
   */
  #pageReaders(): (ip: string) => boolean {
    const memo = new Map<string, boolean>();
    return (ip) => {
      let reads = memo.get(ip);
      if (reads === undefined) {
        const trail = this.#window.get(ip);
        reads = trail === undefined || readsPage(trail, this.#site);
        memo.set(ip, reads);
      }
      return reads;
    };
  }

  #normal(): FeatureBaseline {
    if (this.#baseline !== undefined) return this.#baseline;
    if (this.#recent.size < MIN_POPULATION) {
      this.#population = {};
      this.#sinceStats = Number.POSITIVE_INFINITY;
    } else if (this.#sinceStats >= STATS_EVERY_RECORDS) {
      this.#population = learnFeatureStats([...this.#recent.values()], DEFAULT_MIN_REQUESTS);
      this.#sinceStats = 0;
    }
    return { minRequests: DEFAULT_MIN_REQUESTS, features: this.#population, seed: {} };
  }
}

/**
 * What scan's hostile rule reads (clients/client-context.ts), from the window: payloads, the scanner
 * user agent, requests refused with a method no other client has got an answer to so far, and probes
 * judged against what the watcher knows of the site so far (live-site-map.ts), each request again at
 * every batch; the probes not written yet as line findings (probe-lines.ts); and its distinct probes
 * as keys (method and URI) for the shared probe lists (probe-lists.ts), which the caller counts.
 * `topAgent`: the client's most frequent user agent, which tells a known crawler as in scan.
 */
function clientEvidence(
  ip: string,
  trail: ClientTrail,
  site: LiveSiteMap,
  topAgent: string,
  readsPages: (ip: string) => boolean,
): { evidence: ClientEvidence; unwritten: UnwrittenProbe[]; probes: string[] } {
  const evidence = emptyEvidence();
  const unwritten: UnwrittenProbe[] = [];
  const paths = new Set<number>();
  const uris = new Set<number>();
  const probes = new Set<number>();
  const catchAllProbes = new Set<number>();
  const probeKeys = new Set<string>();
  for (const request of trail.live()) {
    evidence.requests++;
    if (request.payload) evidence.payloadLines++;
    if (request.scannerAgent) evidence.scannerAgent = true;
    paths.add(request.profile.pathHash);
    uris.add(request.profile.uriHash);
    if (request.profile.shownUri === '/robots.txt') evidence.robotsTxt = true;
    const status = request.status ?? 0;
    // As in scan: an error, with a method no other client has got an answer to (so far).
    if (status >= 400 && !site.othersAnswered(request.method, ip)) evidence.refusedMethodLines++;
    if (request.browserRequest) continue;
    // The route is looked up only for an error or a catch-all answer, which most requests are not.
    const catchAll = status < 400 && site.isCatchAll(request.okBytes);
    if (status < 400 && !catchAll) continue;
    const othersUse = site.othersUse(request.route, ip);
    const answersOk = site.answersOk(request.route);
    // As in scan (clients/client-context.ts): a catch-all answer is a probe where no other client that
    // reads pages asks.
    if (catchAll ? othersUse && site.otherReader(request.route, ip, readsPages) : !isProbeAnswer(status, othersUse, answersOk)) continue;
    evidence.probeLines++;
    if (isRefusal(status)) evidence.refusedProbeLines++;
    probes.add(request.profile.uriHash);
    probeKeys.add(`${request.method} ${request.profile.uriHash}`);
    if (catchAll) catchAllProbes.add(request.profile.uriHash);
    if (request.source !== undefined) unwritten.push({ request, othersUse, answersOk });
  }
  evidence.routes = paths.size;
  evidence.paths = uris.size;
  evidence.probePaths = probes.size;
  evidence.catchAllProbePaths = catchAllProbes.size;
  // As in scan, a known crawler that fetched robots.txt may follow dead links (followsDeadLinks).
  if (evidence.robotsTxt && evidence.probeLines > 0) evidence.crawlerAgent = knownAgent(topAgent)?.role === 'crawler';
  return { evidence, unwritten, probes: [...probeKeys] };
}

/** Whether the trail holds an answer below 400 that is not the catch-all page as `site` knows it now. */
function readsPage(trail: ClientTrail, site: LiveSiteMap): boolean {
  for (const request of trail.live()) {
    // okBytes is 0 but for a 200, and 0 is no catch-all size.
    if (isPageAnswer(request.status ?? 0, site.isCatchAll(request.okBytes))) return true;
  }
  return false;
}

function countFlagged(trail: ClientTrail): number {
  let n = 0;
  for (const request of trail.live()) if (request.flagged) n++;
  return n;
}
