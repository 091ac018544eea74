// Fuses the two detectors into one ranking of lines and one of client IPs, each with its reasons.
//
//   line score = outlier score of its text (distance to the nearest normal text, in eps units)
//              + HEADER_LINE_SCORE when its User-Agent or Referer carries an attack signature
//              + up to `ipWeight` more when its client is flagged by the structured detector
//              (a hostile client's request that is unusual for the site, and a form bot's instant
//              POST, score CONTEXT_LINE_SCORE)
//   IP score   = clients/client-rank.ts: structured score, hostility, hammering, its lines that are
//                findings; known crawlers' and monitors' volume weighs less
//
// An IP is reported when a structured feature fired, it is hostile, hammering or a form bot, or at least
// `minFlaggedLines` of its lines are findings; a line is reported when its text is a semantic outlier,
// it is a hostile client's unusual request or a form bot's instant POST, and its score reaches `minLineScore`.

import { excusedCrawlerMisses, followsDeadLinks, type ClientContext } from '../clients/client-context.js';
import { compareClients, rankClient, type ClientRank } from '../clients/client-rank.js';
import { clientSignalRows } from '../clients/client-signals.js';
import { CLIENT_PROBABILITY_SCALE, scoreLearnedClients, type LearnedClientModel, type LearnedClients } from '../clients/learned-client-score.js';
import { isMissingAddress } from '../clients/proxied-log.js';
import { headerFields, headerReason } from '../features/header-attacks.js';
import type { IpFinding, IpVerdict, LineFinding } from '../types.js';
import type { LearnedLines } from './learned-score.js';
import { hostileRequestReason } from './unusual-request.js';
import { round3 } from '../round3.js';

/** Per distinct text, what the semantic detector concluded. */
export interface TextVerdicts {
  texts: readonly string[];
  counts: ArrayLike<number>;
  /** 1 where the text is a semantic outlier. */
  flagged: Uint8Array;
  /** Outlier score per text (0 for texts inside a cluster). */
  scores: Float32Array;
  /** The cluster of each text (after clusters no ordinary client supports are dissolved); -1 for none. */
  clusters: Int32Array;
  /** Why each flagged text was flagged, and what normal looked like nearby. */
  explain(id: number): { reasons: string[]; nearestNormal: Array<{ text: string; distance: number }> };
}

/** Per record: which text, file, line, client and tags (see pipeline/occurrences.ts). */
export interface OccurrenceView {
  readonly size: number;
  textId(i: number): number;
  fileId(i: number): number;
  line(i: number): number;
  ipId(i: number): number;
  tagMask(i: number): number;
  /** HTTP status, 0 when not logged. */
  status(i: number): number;
  /** HEADER_BITS of the headers that carry an attack (features/header-attacks.ts). */
  headers(i: number): number;
  headerTags(i: number): number;
  /** Whether the record is a POST sent within a second of its client's GET of the same page (features/form-posts.ts). */
  instantPost(i: number): boolean;
}

export interface FuseInput {
  verdicts: TextVerdicts;
  occurrences: OccurrenceView;
  files: readonly string[];
  ips: readonly string[];
  tagsOf(mask: number): string[];
  ipEvidence: ReadonlyMap<string, IpVerdict>;
  /** Hostile clients, whose requests that are unusual for the site are findings too. */
  context?: ClientContext;
  /** Why a record is unusual for the site (rank/unusual-request.ts). */
  unusual?: (row: number) => string | undefined;
  /** 1 where the client is a form bot (pipeline/judge-site.ts): its instant POSTs are findings too. */
  formBots?: Uint8Array;
  /** Crawlers, monitors and hammering shape the client ranking (default true; off only to measure them). */
  clientRoles?: boolean;
  /**
   * A model learned from labels (`semlog tune --learn`): when given, it decides which lines are findings
   * and how they score (rank/learned-score.ts), except on lines outside the signal ranges it was fitted
   * on, which the default scoring decides; the client ranking is the default's or `learnedClients`'.
   */
  learned?: LearnedLines;
  /** A client model learned from client labels: it re-scores and re-ranks the clients (clients/learned-client-score.ts). */
  learnedClients?: LearnedClientModel;
}

export interface FuseOptions {
  /** Semantically flagged lines that make an IP a finding on their own. */
  minFlaggedLines: number;
  /** The most a flagged client adds to the score of each of its lines (the fusion weight). */
  ipWeight: number;
  /** Flagged lines scoring lower are not reported (they still count for their client). */
  minLineScore: number;
}

export const FUSE_DEFAULTS: Readonly<FuseOptions> = Object.freeze({ minFlaggedLines: 2, ipWeight: 1, minLineScore: 0 });

const NOTHING_TO_EXPLAIN = Object.freeze({ reasons: [], nearestNormal: [] }) as unknown as ReturnType<TextVerdicts['explain']>;

/** What a hostile client's unusual request scores before its client's bonus: the edge of a cluster. */
export const CONTEXT_LINE_SCORE = 1;
/** What an attack signature in the User-Agent or Referer adds: a payload, wherever it stands. */
export const HEADER_LINE_SCORE = 2;
/** The reason of a form bot's instant POST (it scores CONTEXT_LINE_SCORE, as a hostile client's unusual request). */
export const FORM_BOT_LINE_REASON = 'from a form bot: a POST sent within a second of loading its form';

/** Why a hostile client's request is unusual for the site; undefined when it is not, or its client is not hostile. */
function unusualForHostile(
  context: ClientContext | undefined,
  unusual: ((row: number) => string | undefined) | undefined,
  occurrences: OccurrenceView,
  i: number,
): string | undefined {
  return context !== undefined && unusual !== undefined && context.hostile[occurrences.ipId(i)] === 1 ? unusual(i) : undefined;
}

/** Whether record `i` is a form bot's instant POST: the attempt itself (a spam message, a sign-up, a log-in). */
function formBotPost(formBots: Uint8Array | undefined, occurrences: OccurrenceView, i: number): boolean {
  return formBots !== undefined && occurrences.instantPost(i) && formBots[occurrences.ipId(i)] === 1;
}

/**
 * The score of record `i` before its client's bonus, or undefined when the record is no finding: its
 * text's outlier score, or CONTEXT_LINE_SCORE for a hostile client's request that is unusual for the
 * site and for a form bot's instant POST.
 */
export function recordScore(
  verdicts: Pick<TextVerdicts, 'flagged' | 'scores'>,
  site: Pick<FuseInput, 'context' | 'unusual' | 'formBots'>,
  occurrences: OccurrenceView,
  i: number,
): number | undefined {
  const textId = occurrences.textId(i);
  const header = occurrences.headers(i) === 0 ? 0 : HEADER_LINE_SCORE;
  if (verdicts.flagged[textId] === 1) return verdicts.scores[textId]! + header;
  if (unusualForHostile(site.context, site.unusual, occurrences, i) !== undefined) return CONTEXT_LINE_SCORE + header;
  if (formBotPost(site.formBots, occurrences, i)) return CONTEXT_LINE_SCORE + header;
  return header === 0 ? undefined : header;
}

/** recordScore() of every record, NaN where it is no finding: computed once, read by every consumer. */
export function recordScores(
  verdicts: Pick<TextVerdicts, 'flagged' | 'scores'>,
  site: Pick<FuseInput, 'context' | 'unusual' | 'formBots'>,
  occurrences: OccurrenceView,
): Float64Array {
  const scores = new Float64Array(occurrences.size);
  for (let i = 0; i < scores.length; i++) scores[i] = recordScore(verdicts, site, occurrences, i) ?? Number.NaN;
  return scores;
}

/** Lines of each client that the default scoring makes findings. */
export function findingsPerClient(scores: Float64Array, occurrences: OccurrenceView, clients: number): Uint32Array {
  const counts = new Uint32Array(clients);
  for (let i = 0; i < occurrences.size; i++) if (!Number.isNaN(scores[i]!)) counts[occurrences.ipId(i)]!++;
  return counts;
}

/**
 * The findings the client ranking counts: those of findingsPerClient but a form bot's instant POSTs
 * that are findings for that alone. Its form-bot points already count them (clients/client-rank.ts);
 * counted twice, almhuette's contact-form spammers outranked the brute force hammering its login at
 * 313 requests a minute. `scores` are recordScores() with the same site.
 */
export function rankedFindingsPerClient(
  verdicts: Pick<TextVerdicts, 'flagged' | 'scores'>,
  site: Pick<FuseInput, 'context' | 'unusual' | 'formBots'>,
  occurrences: OccurrenceView,
  clients: number,
  scores: Float64Array = recordScores(verdicts, site, occurrences),
): Uint32Array {
  const noFormBots = site.formBots === undefined || !site.formBots.includes(1);
  const counted = noFormBots ? scores : recordScores(verdicts, { context: site.context, unusual: site.unusual }, occurrences);
  return findingsPerClient(counted, occurrences, clients);
}

/** The default ranking of every client (clients/client-rank.ts), by client id: what the reports and a learned client model start from. */
export function rankClients(
  input: Pick<FuseInput, 'ips' | 'ipEvidence' | 'context' | 'clientRoles'>,
  flaggedPerIp: ArrayLike<number>,
): ClientRank[] {
  const { context } = input;
  return input.ips.map((ip, ipId) => {
    const hostile = context?.hostile[ipId] === 1;
    return rankClient({
      verdict: input.ipEvidence.get(ip),
      flaggedLines: flaggedPerIp[ipId]!,
      hostile,
      hostileWhy: hostile ? context!.why(ipId) : '',
      roles: input.clientRoles ?? true,
      robotsTxt: context?.evidence[ipId]?.robotsTxt ?? false,
      deadLinks: context?.evidence[ipId] !== undefined && followsDeadLinks(context.evidence[ipId]),
      crawlerMisses: context?.evidence[ipId] === undefined ? 0 : excusedCrawlerMisses(context.evidence[ipId]),
    });
  });
}

/** A client's rank re-scored by a learned client model: the default labels and reasons stay, after the model's own. */
function withLearnedScore(rank: ClientRank, learned: LearnedClients, ipId: number): ClientRank {
  return { ...rank, score: CLIENT_PROBABILITY_SCALE * learned.probability[ipId]!, reasons: [learned.explain(ipId), ...rank.reasons] };
}

/** What a client's structured verdict adds to each of its lines, before the fusion weight: 0 to 1. */
export function clientLineBonus(evidence: IpVerdict | undefined): number {
  return evidence?.flagged ? Math.min(1, evidence.score / 10) : 0;
}

/** A line's score as reported (and as compared with minLineScore and --fail-on). */
export function lineScore(textScore: number, clientBonus: number, ipWeight: number): number {
  return round3(textScore + ipWeight * clientBonus);
}

const NO_NEIGHBOURS: LineFinding['nearestNormal'] = [];

/** The parts of a line finding that depend on its request and client, not on its place in the log. */
interface LineParts {
  reasons: string[];
  fields: string[];
  tags: string[];
  nearestNormal: LineFinding['nearestNormal'];
}

/**
 * `rows[k]` is the record (index into the occurrences) of `lines[k]`: what campaigns and the WAF
 * audit read, without finding each line again by file and line number.
 */
export function fuseFindings(input: FuseInput, options: FuseOptions = FUSE_DEFAULTS): { lines: LineFinding[]; ips: IpFinding[]; rows: number[] } {
  const { verdicts, occurrences } = input;
  const { context, unusual: unusualRow } = input;
  const inContext = (i: number) => unusualForHostile(context, unusualRow, occurrences, i);
  const baseScores = recordScores(verdicts, input, occurrences);
  const flaggedPerIp = findingsPerClient(baseScores, occurrences, input.ips.length);
  const rankedPerIp = rankedFindingsPerClient(verdicts, input, occurrences, input.ips.length, baseScores);
  const { learned } = input;

  const ips: IpFinding[] = [];
  const ipScore = new Float64Array(input.ips.length);
  const ipBonus = new Float64Array(input.ips.length);
  const ranks = rankClients(input, rankedPerIp);
  const learnedClients = input.learnedClients && scoreLearnedClients(input.learnedClients, clientSignalRows({ ...input, ranks, flaggedLines: rankedPerIp }), input.ips.length);
  input.ips.forEach((ip, ipId) => {
    const evidence = input.ipEvidence.get(ip);
    const flaggedLines = flaggedPerIp[ipId]!;
    const rank = learnedClients ? withLearnedScore(ranks[ipId]!, learnedClients, ipId) : ranks[ipId]!;
    // Records without a client address are everyone's, under one id: no client to report or to lend its score.
    if (isMissingAddress(ip)) return;
    ipScore[ipId] = rank.score;
    ipBonus[ipId] = clientLineBonus(evidence);
    if (!(rank.reportable || flaggedLines >= options.minFlaggedLines)) return;
    ips.push(clientFinding(ip, evidence, rank, flaggedLines));
  });
  // A learned client model ranks by its own score; the default ranking puts attacks first (client-rank.ts).
  ips.sort(learnedClients ? (a, b) => b.score - a.score || (a.ip < b.ip ? -1 : 1) : compareClients);

  const found: Array<{ line: LineFinding; row: number; tier: number }> = [];
  const hostile = (ipId: number) => context?.hostile[ipId] === 1;
  const explained = new Map<number, ReturnType<TextVerdicts['explain']>>();
  // A log full of attacks has hundreds of thousands of findings, most of them a few clients' requests:
  // the strings and arrays that repeat from line to line are made once, so that a finding costs its
  // own object and its list of reasons, not copies of the same text (1M-line every-site log: the
  // findings held 400 MB before).
  const clientReasons: Array<string | undefined> = [];
  // Per client, by its unusual request's reason: the line's reason, built once.
  const contextReasons: Array<Map<string, string> | undefined> = [];
  const fieldLists = new Map<string, string[]>();
  const headerReasons = new Map<string, string>();
  const clientReason = (ipId: number) =>
    (clientReasons[ipId] ??= `its client ${input.ips[ipId]} is flagged (score ${ipScore[ipId]!.toFixed(1)})`);
  const contextReason = (ipId: number, unusual: string) => {
    const reasons = (contextReasons[ipId] ??= new Map());
    let reason = reasons.get(unusual);
    if (reason === undefined) reasons.set(unusual, (reason = hostileRequestReason(context!.kinds(ipId), unusual)));
    return reason;
  };
  const fieldList = (inRequest: boolean, headers: number) => {
    const key = `${inRequest ? 1 : 0},${headers}`;
    let fields = fieldLists.get(key);
    if (fields === undefined) {
      // A learned finding may rest on no single rule: it is then about the request as a whole.
      const list = [...(inRequest ? ['request'] : []), ...headerFields(headers)];
      fields = list.length > 0 ? list : ['request'];
      fieldLists.set(key, fields);
    }
    return fields;
  };
  /** What a line finding says about record `i`: its reasons, the fields they are in, its tags, the normal requests nearby. */
  const describeLine = (i: number, textId: number, ipId: number, outlier: boolean, unusual: string | undefined, formPost: boolean): LineParts => {
    // Only an outlier has a distance to explain and normal requests nearby to show.
    let why = outlier ? explained.get(textId) : NOTHING_TO_EXPLAIN;
    if (!why) explained.set(textId, (why = verdicts.explain(textId)));
    const tags = input.tagsOf(occurrences.tagMask(i));
    const reasons = outlier ? [...why.reasons] : [];
    const headers = occurrences.headers(i);
    const headerTags = headers === 0 ? [] : input.tagsOf(occurrences.headerTags(i));
    if (headers !== 0) {
      const key = `${headers},${occurrences.headerTags(i)}`;
      let reason = headerReasons.get(key);
      if (reason === undefined) headerReasons.set(key, (reason = headerReason(headerFields(headers), headerTags)));
      reasons.unshift(reason);
    }
    // The client's full reasons are in its IP finding; a line says what kind of client sent it.
    if (unusual !== undefined) reasons.push(contextReason(ipId, unusual));
    if (formPost) reasons.push(FORM_BOT_LINE_REASON);
    if (ipBonus[ipId]! > 0 && options.ipWeight > 0) reasons.push(clientReason(ipId));
    if (tags.length > 0) reasons.push(`looks like ${tags.join(', ')}`);
    if (learned !== undefined) reasons.unshift(...learned.explain(i));
    return { reasons, fields: fieldList(outlier || unusual !== undefined || formPost, headers), tags, nearestNormal: outlier ? why.nearestNormal : NO_NEIGHBOURS };
  };
  for (let i = 0; i < occurrences.size; i++) {
    const textId = occurrences.textId(i);
    const base = baseScores[i]!;
    const ipId = occurrences.ipId(i);
    let score: number;
    if (learned === undefined || learned.decides[i] === 0) {
      if (Number.isNaN(base)) continue;
      score = lineScore(base, ipBonus[ipId]!, options.ipWeight);
    } else {
      if (learned.probability[i]! < learned.threshold) continue;
      score = round3(learned.probability[i]! / learned.threshold);
    }
    if (score < options.minLineScore) continue;
    const outlier = verdicts.flagged[textId] === 1;
    const unusual = outlier ? undefined : inContext(i);
    const formPost = !outlier && unusual === undefined && formBotPost(input.formBots, occurrences, i);
    const parts = describeLine(i, textId, ipId, outlier, unusual, formPost);
    const line: LineFinding = {
      file: input.files[occurrences.fileId(i)]!,
      fields: parts.fields,
      line: occurrences.line(i),
      ip: input.ips[ipId]!,
      score,
      reasons: parts.reasons,
      text: verdicts.texts[textId]!,
      tags: parts.tags,
      count: verdicts.counts[textId]!,
      attack: parts.tags.length > 0 || hostile(ipId) || formPost,
      outlierScore: round3(outlier ? verdicts.scores[textId]! : 0),
      nearestNormal: parts.nearestNormal,
    };
    found.push({ line, row: i, tier: lineTier(line.attack, formPost && line.tags.length === 0 && !hostile(ipId)) });
  }
  // Lines with attack evidence first, then the odd requests of ordinary clients, each by score: a
  // hostile client's probe scores 1 and a garbled link an ordinary reader followed 3-7, but the probe
  // is what an analyst must read first (line AP on the bench mixes, docs/detection.md change 16); a
  // form bot's ordinary POSTs come last among them (lineTier). A learned line model ranks by its own score.
  const byTier = learned === undefined;
  found.sort((x, y) => (byTier ? y.tier - x.tier : 0) || y.line.score - x.line.score || (x.line.file < y.line.file ? -1 : x.line.file > y.line.file ? 1 : x.line.line - y.line.line));
  return { lines: found.map((f) => f.line), ips, rows: found.map((f) => f.row) };
}

/**
 * Where a line stands in the report's order (higher first): 2 for attack evidence of its own (an
 * attack signature, a hostile client's request), 1 for a form bot's instant POST and nothing more
 * (the request is ordinary; its client's pace is the attack, which the client's finding reports),
 * 0 for the rest. almhuette's `/backup.sql` probes (score 1) came after 1,760 contact-form spam
 * POSTs (score 2) of one form bot.
 */
export function lineTier(attack: boolean, formPostOnly: boolean): number {
  return !attack ? 0 : formPostOnly ? 1 : 2;
}

/**
 * A client as `scan` reports it (and `watch` emits it): its rank's reasons first, then how many of
 * its lines are findings, then the structured detector's reasons.
 */
export function clientFinding(ip: string, evidence: IpVerdict | undefined, rank: ClientRank, flaggedLines: number): IpFinding {
  const reasons = [...rank.reasons, ...(evidence?.reasons ?? [])];
  if (flaggedLines > 0) reasons.splice(rank.reasons.length, 0, `${flaggedLines} of its ${evidence?.requestCount ?? '?'} requests are findings`);
  return {
    ip,
    score: round3(rank.score),
    labels: rank.labels,
    features: mapValues(evidence?.features ?? {}, round3),
    z: mapValues(evidence?.z ?? {}, round3),
    fired: evidence?.fired ?? [],
    reasons,
    requests: evidence?.requestCount ?? 0,
    flaggedLines,
    tags: evidence?.tags ?? {},
    topUris: evidence?.topUris ?? [],
    topUserAgents: evidence?.topUserAgents ?? [],
  };
}

function mapValues(record: Record<string, number>, fn: (value: number) => number): Record<string, number> {
  const mapped: Record<string, number> = {};
  for (const key in record) mapped[key] = fn(record[key]!);
  return mapped;
}
