// The cheap half of a scan: cluster the prepared texts, score the clients and windows, fuse the
// rankings. Runs many times on one PreparedScan when tuning.

import { wafAudit } from '../audit/waf-audit.js';
import { findCampaigns } from '../campaigns/find-campaigns.js';
import { clientContext, isProbe, type ClientContext } from '../clients/client-context.js';
import { dissolveUnsupported } from '../cluster/client-support.js';
import { detectWindows } from '../features/detect-windows.js';
import { fieldNovelty, type FieldNovelty } from '../params/field-novelty.js';
import { MIN_SITE_CLIENTS, unusualRequest } from '../rank/unusual-request.js';
import { buildSiteMap, type SiteMap } from '../sitemap/site-map.js';
import { routeOf } from '../sitemap/route-of.js';
import { UsageError } from '../errors.js';
import { characterRarity, symbolsOf } from '../normalize/character-rarity.js';
import { scoreIps } from '../features/score-ips.js';
import { checkDetectOptions } from '../options/check-library-options.js';
import { scoreLearnedLines, type LearnedModel } from '../rank/learned-score.js';
import { lineSignals } from '../rank/line-signals.js';
import { FUSE_DEFAULTS, fuseFindings, type FuseOptions, type OccurrenceView, type TextVerdicts } from '../rank/fuse-findings.js';
import type { Analysis, IpFinding, IpVerdict, LineFinding } from '../types.js';
import type { Baseline } from './baseline-store.js';
import { baselineNovelty, type Novelty } from './baseline-novelty.js';
import { buildSummary } from './build-summary.js';
import { stageClock, type PreparedScan } from './prepare-scan.js';
import { detectSemanticOutliers, SEMANTIC_DEFAULTS, type SemanticOptions, type SemanticResult } from './semantic-outliers.js';
import { semanticVerdicts } from './semantic-verdicts.js';

export interface DetectOptions {
  semantic?: Partial<SemanticOptions>;
  /** Judge today's texts, clients and windows against a clean period (see train-baseline.ts). */
  baseline?: Baseline;
  /** z above which a structured feature fires. */
  zThreshold?: number;
  fuse?: Partial<FuseOptions>;
  /**
   * Turn single signals off (all are on by default), to measure what each adds (bench/quality/ablation.ts;
   * docs/detection.md). Not a tuning knob: every signal is meant to be on.
   */
  signals?: Partial<Record<DetectionSignal, boolean>>;
  /** A line model learned by `semlog tune --learn`: it decides which lines are findings (rank/learned-score.ts). */
  learned?: LearnedModel;
}

/**
 * - `semantic`: DBSCAN / baseline novelty over the embeddings (off: no text is a semantic outlier);
 * - `fieldNovelty`: characters judged per field and counted in other clients (off: per log, in requests);
 * - `clientSupport`: clusters with no ordinary client are dissolved;
 * - `hostileClients`: hostile clients' unusual requests are findings (off: no client is hostile);
 * - `headerAttacks`: attacks in the User-Agent and Referer are findings;
 * - `clientRoles`: crawlers, monitors and hammering shape the client ranking.
 */
export const DETECTION_SIGNALS = Object.freeze(['semantic', 'fieldNovelty', 'clientSupport', 'hostileClients', 'headerAttacks', 'clientRoles'] as const);
export type DetectionSignal = (typeof DETECTION_SIGNALS)[number];

export const DETECT_DEFAULTS = Object.freeze({ zThreshold: 3 });

export function detectAnomalies(prepared: PreparedScan, options: DetectOptions = {}): Analysis {
  checkDetectOptions(options);
  const { state } = prepared;
  const clock = stageClock();
  const { baseline } = options;
  const novelty = baseline ? baselineNovelty(baseline, prepared.vectors, prepared.dim) : undefined;
  const semantic = { ...SEMANTIC_DEFAULTS, ...options.semantic };
  const on = signalSwitch(options.signals);
  const site = judgeSite(prepared, semantic.minRarity, baseline, on);
  const verdicts = judgeTexts(prepared, site, semantic, novelty, undefined, on);
  clock.lap('cluster');
  const structured = baseline ? { baseline: baseline.structured } : {};
  const ipEvidence = judgeClients(prepared, options.zThreshold ?? DETECT_DEFAULTS.zThreshold, baseline);
  const occurrences = on('headerAttacks') ? state.occurrences : withoutHeaders(state.occurrences);
  const learned = options.learned && scoreLearnedLines(options.learned, signalRows(prepared, site, verdicts, ipEvidence, occurrences), occurrences.size);

  const { lines, ips } = fuseFindings(
    {
      verdicts,
      occurrences,
      files: state.files.values,
      ips: state.ips,
      tagsOf: (mask) => state.tags.tags(mask),
      ipEvidence,
      context: site.context,
      unusual: site.unusual,
      clientRoles: on('clientRoles'),
      ...(learned && { learned }),
    },
    { ...FUSE_DEFAULTS, ...options.fuse },
  );
  const { rows: reported, inRequest } = findingRows(state.occurrences, state.files.values, lines);
  const { campaigns, campaignOf } = findCampaigns({
    rows: state.occurrences,
    findingRows: reported,
    texts: state.table.texts,
    tagsOf: (mask) => state.tags.tags(mask),
    inRequest: (i) => inRequest.has(i),
    probe: (i) => isProbe(site.map, site.map.routeOfText[state.occurrences.textId(i)]!, state.occurrences.ipId(i), state.occurrences.status(i)),
    ips: state.ips,
    hostile: site.context.hostile,
    neighbors: prepared.neighbors,
    eps: semantic.eps,
  });
  const windowStats = state.windowAccumulator.windows();
  const windows = detectWindows(windowStats, structured);
  clock.lap('score');
  return {
    summary: buildSummary({
      ingest: prepared.ingest,
      state,
      verdicts,
      scope: prepared.scope,
      cachedTexts: prepared.cachedTexts,
      warnings: prepared.warnings,
      startedMs: prepared.startedMs,
      stageMs: { ...prepared.stageMs, ...clock.stageMs },
    }),
    lines: withCampaigns(lines, campaignOf),
    ips: withCampaigns(ips, campaignOf),
    campaigns,
    audit: wafAudit({
      rows: state.occurrences,
      verdicts: state.wafVerdicts.values,
      findingRows: reported,
      texts: state.table.texts,
      files: state.files.values,
      ips: state.ips,
      clusters: verdicts.clusters,
      flagged: verdicts.flagged,
      hostile: site.context.hostile,
      minAllowed: semantic.minSamples,
    }),
    windows: windows.map((w) => ({ ...w, metrics: { ...w.metrics }, z: { ...w.z } })),
    timeline: windowStats
      .filter((w) => w.requests > 0)
      .map(({ startMs, endMs, requests, uniqueClients, errorRate, serverErrorRate, meanLatencyMs, bytes }) => ({
        startMs, endMs, requests, uniqueClients, errorRate, serverErrorRate, meanLatencyMs, bytes,
      })),
    malformed: prepared.ingest.malformedSample,
  };
}

/**
 * The semantic detector's verdict on every distinct text: in-file DBSCAN, or novelty against a
 * baseline. `clusters` may come from an earlier call with the same eps and min_samples (tune reuses
 * them across rarity gates).
 */
export function judgeTexts(
  prepared: PreparedScan,
  site: SiteJudgement,
  semantic: SemanticOptions,
  novelty?: Novelty,
  clusters: SemanticResult = detectSemanticOutliers(prepared.neighbors, prepared.state.table.counts, semantic),
  on: (signal: DetectionSignal) => boolean = () => true,
): TextVerdicts {
  const { table } = prepared.state;
  const supported = !on('clientSupport')
    ? clusters
    : {
        ...clusters,
        clusters: dissolveUnsupported(clusters.clusters, clusters.neighbors, {
          clientsOf: (id) => (site.tagged[id] === 1 ? NO_CLIENTS : site.map.textClients.members(id)),
          hostile: site.context.hostile,
        }),
      };
  const verdicts = semanticVerdicts(table.texts, table.counts, site.characters, supported, semantic, novelty);
  if (!on('semantic')) verdicts.flagged.fill(0);
  return verdicts;
}

export interface SiteJudgement {
  map: SiteMap;
  /** How unusual each text's characters are for the fields they stand in. */
  characters: FieldNovelty;
  /** Hostile clients. */
  context: ClientContext;
  /**
   * 1 where a distinct text carries an attack signature in its request line: such a text supports no
   * cluster and teaches no field, whoever sent it (a campaign from many addresses is no normal traffic).
   */
  tagged: Uint8Array;
  /** Why record `row` is unusual for the site (rank/unusual-request.ts); undefined when it is not. */
  unusual(row: number): string | undefined;
}

/**
 * What the scan says about the site itself: its routes, its fields' characters (learned from the
 * baseline's texts when there is one), its hostile clients.
 */
export function judgeSite(
  prepared: PreparedScan,
  minRarity: number,
  baseline?: Pick<Baseline, 'texts' | 'counts'>,
  on: (signal: DetectionSignal) => boolean = () => true,
): SiteJudgement {
  const { state } = prepared;
  const map = buildSiteMap(state.table.texts, state.occurrences);
  const tagsOf = (mask: number) => state.tags.tags(mask);
  const context = clientContext({ rows: state.occurrences, clients: state.ips.length, site: map, tagKinds: tagKindsOf(tagsOf) });
  if (!on('hostileClients')) context.hostile.fill(0);
  const tagged = taggedTexts(state.occurrences, state.table.size, tagKindsOf(tagsOf));
  const characters = on('fieldNovelty')
    ? fieldNovelty(state.table.texts, (id) => map.textClients.members(id), (client, id) => context.hostile[client] !== 1 && tagged[id] !== 1, baseline)
    : logWideRarity(state.table.texts, state.table.counts);
  const ordinaryClients = context.hostile.reduce((n, hostile) => n + (hostile === 1 ? 0 : 1), 0);
  const unusual = {
    rows: state.occurrences,
    map,
    characters,
    minBits: minRarity,
    payloadTags: (mask: number) => tagsOf(mask).filter((t) => t !== SCANNER_AGENT_TAG),
    routesKnown: ordinaryClients >= MIN_SITE_CLIENTS,
    ...(baseline !== undefined && { baseline: baselineVocabulary(baseline.texts, state.table.texts) }),
  };
  return { map, characters, context, tagged, unusual: (row) => unusualRequest(unusual, row) };
}

/** The signals of every record (rank/line-signals.ts), as `semlog tune --learn` fits them and a scan applies them. */
export function signalRows(
  prepared: PreparedScan,
  site: SiteJudgement,
  verdicts: TextVerdicts,
  ipEvidence: ReadonlyMap<string, IpVerdict>,
  occurrences: OccurrenceView = prepared.state.occurrences,
): Float64Array {
  return lineSignals({ verdicts, occurrences, site, ips: prepared.state.ips, ipEvidence });
}

/** The structured detector's verdict on every client, by IP. */
export function judgeClients(prepared: PreparedScan, zThreshold: number, baseline?: Baseline): Map<string, IpVerdict> {
  const scores = scoreIps(prepared.state.ipAccumulator.snapshot(), { zThreshold, ...(baseline && { baseline: baseline.structured }) });
  return new Map(scores.map((s) => [s.ip, s]));
}

/** Which signals are on; an unknown name is a usage error, not a silently ignored switch. */
function signalSwitch(signals: DetectOptions['signals'] = {}): (signal: DetectionSignal) => boolean {
  for (const name of Object.keys(signals)) {
    if (!(DETECTION_SIGNALS as readonly string[]).includes(name)) {
      throw new UsageError(`unknown detection signal "${name}"`, { hint: `use one of: ${DETECTION_SIGNALS.join(', ')}` });
    }
  }
  return (signal) => signals[signal] !== false;
}

/** The character rarity of semlog before field novelty: per log, weighted by requests (for ablation). */
function logWideRarity(texts: readonly string[], counts: ArrayLike<number>): FieldNovelty {
  const { rarity, bits } = characterRarity(texts, counts);
  return {
    bits: rarity,
    explain: (id) => {
      const rarest = [...symbolsOf(texts[id]!)].sort((a, b) => bits(b) - bits(a)).slice(0, 6);
      return `unusual characters for this log: ${rarest.map((ch) => JSON.stringify(ch)).join(' ')} (rarity ${rarity[id]!.toFixed(1)} bits)`;
    },
  };
}

/** The records with no header attack: what a scan without that signal sees. */
function withoutHeaders(rows: OccurrenceView): OccurrenceView {
  return {
    get size() {
      return rows.size;
    },
    textId: (i) => rows.textId(i),
    fileId: (i) => rows.fileId(i),
    line: (i) => rows.line(i),
    ipId: (i) => rows.ipId(i),
    tagMask: (i) => rows.tagMask(i),
    status: (i) => rows.status(i),
    headers: () => 0,
    headerTags: () => 0,
  };
}

const NO_CLIENTS = new Int32Array(0);

/** The records that are reported line findings, and those of them whose anomaly is in the request. */
function findingRows(rows: OccurrenceView, files: readonly string[], lines: readonly LineFinding[]): { rows: number[]; inRequest: Set<number> } {
  const reported = new Map(lines.map((line) => [`${line.file}\n${line.line}`, line]));
  const found: number[] = [];
  const inRequest = new Set<number>();
  for (let i = 0; i < rows.size; i++) {
    const line = reported.get(`${files[rows.fileId(i)]}\n${rows.line(i)}`);
    if (line === undefined) continue;
    found.push(i);
    if (line.fields.includes('request')) inRequest.add(i);
  }
  return { rows: found, inRequest };
}

/** Findings with the id of their client's campaign, when it has one. */
function withCampaigns<T extends LineFinding | IpFinding>(findings: T[], campaignOf: ReadonlyMap<string, string>): T[] {
  return findings.map((finding) => {
    const campaign = campaignOf.get(finding.ip);
    return campaign === undefined ? finding : { ...finding, campaign };
  });
}

/** Which of today's texts the baseline had verbatim, and which routes it served. */
function baselineVocabulary(baselineTexts: readonly string[], texts: readonly string[]) {
  const known = new Set(baselineTexts);
  const routes = new Set(baselineTexts.map(routeOf));
  const hasText = Uint8Array.from(texts, (text) => (known.has(text) ? 1 : 0));
  return { hasText: (textId: number) => hasText[textId] === 1, hasRoute: (route: string) => routes.has(route) };
}

/** Texts whose request line (not a header) carries a payload tag in any of their records. */
function taggedTexts(
  rows: { readonly size: number; textId(i: number): number; tagMask(i: number): number; headerTags(i: number): number },
  texts: number,
  tagKinds: (mask: number) => { payload: boolean },
): Uint8Array {
  const tagged = new Uint8Array(texts);
  for (let i = 0; i < rows.size; i++) {
    const mask = rows.tagMask(i) & ~rows.headerTags(i);
    if (mask !== 0 && tagKinds(mask).payload) tagged[rows.textId(i)] = 1;
  }
  return tagged;
}

/** The one tag that names the client's tool rather than something in the request. */
const SCANNER_AGENT_TAG = 'scanner_user_agent';

/** Which kinds of tag a tag mask holds, memoized per mask (a log has few distinct masks). */
function tagKindsOf(tagsOf: (mask: number) => string[]): (mask: number) => { payload: boolean; scannerAgent: boolean } {
  const memo = new Map<number, { payload: boolean; scannerAgent: boolean }>();
  return (mask) => {
    let kinds = memo.get(mask);
    if (kinds === undefined) {
      const tags = tagsOf(mask);
      kinds = { payload: tags.some((t) => t !== SCANNER_AGENT_TAG), scannerAgent: tags.includes(SCANNER_AGENT_TAG) };
      memo.set(mask, kinds);
    }
    return kinds;
  };
}
