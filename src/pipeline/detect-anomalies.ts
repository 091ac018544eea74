// The cheap half of a scan: cluster the prepared texts, score the clients and windows, fuse the
// rankings. Runs many times on one PreparedScan when tuning.

import { wafAudit } from '../audit/waf-audit.js';
import { detectCategories } from '../categories/detect-categories.js';
import type { CategoryOptions } from '../categories/category-options.js';
import { findCampaigns } from '../campaigns/find-campaigns.js';
import { isProbe } from '../clients/client-context.js';
import { dissolveUnsupported } from '../cluster/client-support.js';
import { detectWindows } from '../features/detect-windows.js';
import { scoreIps } from '../features/score-ips.js';
import { checkDetectOptions } from '../options/check-library-options.js';
import type { LearnedClientModel } from '../clients/learned-client-score.js';
import { checkModelFitsScan } from '../rank/check-saved-model.js';
import { scoreLearnedLines, type LearnedModel } from '../rank/learned-score.js';
import { lineSignals } from '../rank/line-signals.js';
import { catchAllWarning, type CatchAllPage } from '../sitemap/catch-all-page.js';
import { FUSE_DEFAULTS, fuseFindings, type FuseOptions, type OccurrenceView, type TextVerdicts } from '../rank/fuse-findings.js';
import type { Analysis, IpFinding, IpVerdict, LineFinding } from '../types.js';
import { baselineFormatWarnings } from './baseline-format.js';
import type { Baseline } from './baseline-store.js';
import { baselineNovelty, type Novelty } from './baseline-novelty.js';
import { buildSummary } from './build-summary.js';
import { stageClock, type PreparedScan } from './prepare-scan.js';
import { detectSemanticOutliers, SEMANTIC_DEFAULTS, type SemanticOptions, type SemanticResult } from './semantic-outliers.js';
import { semanticVerdicts } from './semantic-verdicts.js';
import { signalSwitch, signatureTags, withoutHeaders, type DetectionSignal, type SignalSwitches } from './detection-signals.js';
import { judgeSite, type SiteJudgement } from './judge-site.js';

export { DETECTION_SIGNALS, type DetectionSignal } from './detection-signals.js';
export { judgeSite, type SiteJudgement } from './judge-site.js';

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
  signals?: SignalSwitches;
  /** Thresholds of the categorical detector (categories/category-options.ts). */
  categories?: Partial<CategoryOptions>;
  /** A line model learned by `semlog tune --learn`: it decides which lines are findings (rank/learned-score.ts). */
  learned?: LearnedModel;
  /** A client model learned from client labels: it re-scores the clients (clients/learned-client-score.ts). */
  learnedClients?: LearnedClientModel;
}

export const DETECT_DEFAULTS = Object.freeze({ zThreshold: 3 });

export function detectAnomalies(prepared: PreparedScan, options: DetectOptions = {}): Analysis {
  return detectWith(prepared, options);
}

/**
 * What detectAnomalies works out from the records alone, before it clusters: the site's judgement
 * and the clients' structured verdicts. analyze() has it done while the index worker looks up
 * neighbours (prepare-scan.ts prepareScanWith); the scan's stage times then count it in `index`.
 */
export interface EarlyJudgements {
  site: SiteJudgement;
  clients: Map<string, IpVerdict>;
}

/** EarlyJudgements of a scan with these options (the ones detectWith will get). */
export function judgeEarly(prepared: Pick<PreparedScan, 'state'>, options: DetectOptions = {}): EarlyJudgements {
  const semantic = { ...SEMANTIC_DEFAULTS, ...options.semantic };
  return {
    site: judgeSite(prepared, semantic.minRarity, options.baseline, signalSwitch(options.signals)),
    clients: judgeClients(prepared, options.zThreshold ?? DETECT_DEFAULTS.zThreshold, options.baseline),
  };
}

/** detectAnomalies, with the judgements judgeEarly made with the same options when given. */
export function detectWith(prepared: PreparedScan, options: DetectOptions, early?: EarlyJudgements): Analysis {
  checkDetectOptions(options);
  for (const model of [options.learned, options.learnedClients]) {
    if (model) checkModelFitsScan(model, { modelId: prepared.modelId, baseline: options.baseline !== undefined });
  }
  const { state } = prepared;
  const clock = stageClock();
  const { baseline } = options;
  const novelty = baseline ? baselineNovelty(baseline, prepared.vectors, prepared.dim) : undefined;
  const semantic = { ...SEMANTIC_DEFAULTS, ...options.semantic };
  const on = signalSwitch(options.signals);
  const site = early?.site ?? judgeSite(prepared, semantic.minRarity, baseline, on);
  const verdicts = judgeTexts(prepared, site, semantic, novelty, undefined, on);
  clock.lap('cluster');
  const structured = baseline ? { baseline: baseline.structured } : {};
  const ipEvidence = early?.clients ?? judgeClients(prepared, options.zThreshold ?? DETECT_DEFAULTS.zThreshold, baseline);
  const occurrences = on('headerAttacks') && on('signatures') ? state.occurrences : withoutHeaders(state.occurrences);
  const tagsOf = signatureTags(on, state.tags);
  const learned = options.learned && scoreLearnedLines(options.learned, signalRows(prepared, site, verdicts, ipEvidence, occurrences), occurrences.size);

  const { lines, ips, rows } = fuseFindings(
    {
      verdicts,
      occurrences,
      files: state.files.values,
      ips: state.ips,
      tagsOf,
      ipEvidence,
      context: site.context,
      unusual: site.unusual,
      formBots: site.formBots,
      clientRoles: on('clientRoles'),
      ...(learned && { learned }),
      ...(options.learnedClients && { learnedClients: options.learnedClients }),
    },
    { ...FUSE_DEFAULTS, ...options.fuse },
  );
  // The records of the line findings in log order (as campaigns and the audit read them), and those
  // whose anomaly is in the request.
  // A typed array sorts numerically in native code; a flag per record answers inRequest without a Set
  // of every finding (a log full of attacks has a finding on a third of its lines).
  const reported = Array.from(Float64Array.from(rows).sort());
  const inRequest = new Uint8Array(state.occurrences.size);
  rows.forEach((row, k) => {
    if (lines[k]!.fields.includes('request')) inRequest[row] = 1;
  });
  // Clients reported on their own whose repeated requests may be a campaign's (shared-target.ts).
  // A flag per client id: the candidate test runs once per record.
  const repeaters = new Uint8Array(state.ips.length);
  for (const ip of ips) if (!ip.labels.includes('crawler') && !ip.labels.includes('monitor')) repeaters[state.ipAccumulator.idOf(ip.ip)!] = 1;
  const { campaigns, campaignOf } = findCampaigns({
    rows: state.occurrences,
    findingRows: reported,
    texts: state.table.texts,
    tagsOf,
    inRequest: (i) => inRequest[i] === 1,
    outlier: (textId) => verdicts.flagged[textId] === 1,
    textCounts: state.table.counts,
    probe: (i) => isProbe(site.map, site.map.routeOfText[state.occurrences.textId(i)]!, state.occurrences.ipId(i), state.occurrences.status(i), state.occurrences.browserRequest(i)) || site.context.catchAllProbe(i),
    ips: state.ips,
    targetCandidate: (ipId) => repeaters[ipId] === 1,
    hostile: site.context.hostile,
    neighbors: prepared.neighbors,
    eps: semantic.eps,
  });
  const windowStats = state.windowAccumulator.windows();
  const windows = detectWindows(windowStats, structured);
  const categories = detectCategories(state.categories, state.ips, options.categories, baseline?.categories);
  clock.lap('score');
  return {
    summary: buildSummary({
      ingest: prepared.ingest,
      state,
      verdicts,
      scope: prepared.scope,
      cachedTexts: prepared.cachedTexts,
      warnings: withCatchAllWarning([...prepared.warnings, ...formatWarnings(prepared, baseline)], site.catchAll),
      startedMs: prepared.startedMs,
      stageMs: { ...prepared.stageMs, ...clock.stageMs },
      cascade: prepared.cascade,
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
    categories,
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
export function judgeClients(prepared: Pick<PreparedScan, 'state'>, zThreshold: number, baseline?: Baseline): Map<string, IpVerdict> {
  const scores = scoreIps(prepared.state.ipAccumulator.snapshot(), { zThreshold, ...(baseline && { baseline: baseline.structured }) });
  return new Map(scores.map((s) => [s.ip, s]));
}

const NO_CLIENTS = new Int32Array(0);

/**
 * Findings with the id of their client's campaign, when it has one. Set in place: the findings are
 * this scan's own, and a spread copy of each of hundreds of thousands of line findings gave every
 * copy a hidden class of its own (68,000 maps and descriptor arrays, 30 MB, on the every-site 200k log).
 */
function withCampaigns<T extends LineFinding | IpFinding>(findings: T[], campaignOf: ReadonlyMap<string, string>): T[] {
  for (const finding of findings) {
    const campaign = campaignOf.get(finding.ip);
    if (campaign !== undefined) finding.campaign = campaign;
  }
  return findings;
}

/** Warnings for the inputs whose format the baseline was not trained on (baseline-format.ts). */
function formatWarnings(prepared: PreparedScan, baseline: Baseline | undefined): string[] {
  if (baseline === undefined) return [];
  return baselineFormatWarnings(baseline.meta.formats, prepared.ingest.files.filter((file) => file.records > 0));
}

/** The scan's input warnings, and what it learned of the site's catch-all page when it has one. */
function withCatchAllWarning(warnings: string[], pages: readonly CatchAllPage[]): string[] {
  const note = catchAllWarning(pages);
  return note === undefined ? warnings : [...warnings, note];
}
