// The cheap half of a scan: cluster the prepared texts, score the clients and windows, fuse the
// rankings. Runs many times on one PreparedScan when tuning.

import { clientContext, type ClientContext } from '../clients/client-context.js';
import { dissolveUnsupported } from '../cluster/client-support.js';
import { detectWindows } from '../features/detect-windows.js';
import { fieldNovelty, type FieldNovelty } from '../params/field-novelty.js';
import { MIN_SITE_CLIENTS, unusualRequest } from '../rank/unusual-request.js';
import { buildSiteMap, type SiteMap } from '../sitemap/site-map.js';
import { scoreIps } from '../features/score-ips.js';
import { FUSE_DEFAULTS, fuseFindings, type FuseOptions, type TextVerdicts } from '../rank/fuse-findings.js';
import type { Analysis, IpVerdict } from '../types.js';
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
}

export const DETECT_DEFAULTS = Object.freeze({ zThreshold: 3 });

export function detectAnomalies(prepared: PreparedScan, options: DetectOptions = {}): Analysis {
  const { state } = prepared;
  const clock = stageClock();
  const { baseline } = options;
  const novelty = baseline ? baselineNovelty(baseline, prepared.vectors, prepared.dim) : undefined;
  const semantic = { ...SEMANTIC_DEFAULTS, ...options.semantic };
  const site = judgeSite(prepared, semantic.minRarity, baseline?.texts);
  const verdicts = judgeTexts(prepared, site, semantic, novelty);
  clock.lap('cluster');
  const structured = baseline ? { baseline: baseline.structured } : {};
  const ipEvidence = judgeClients(prepared, options.zThreshold ?? DETECT_DEFAULTS.zThreshold, baseline);

  const { lines, ips } = fuseFindings(
    {
      verdicts,
      occurrences: state.occurrences,
      files: state.files.values,
      ips: state.ips,
      tagsOf: (mask) => state.tags.tags(mask),
      ipEvidence,
      context: site.context,
      unusual: site.unusual,
    },
    { ...FUSE_DEFAULTS, ...options.fuse },
  );
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
    lines,
    ips,
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
): TextVerdicts {
  const { table } = prepared.state;
  const supported = {
    ...clusters,
    clusters: dissolveUnsupported(clusters.clusters, clusters.neighbors, {
      clientsOf: (id) => site.map.textClients.members(id),
      hostile: site.context.hostile,
    }),
  };
  return semanticVerdicts(table.texts, table.counts, site.characters, supported, semantic, novelty);
}

export interface SiteJudgement {
  map: SiteMap;
  /** How unusual each text's characters are for the fields they stand in. */
  characters: FieldNovelty;
  /** Hostile clients. */
  context: ClientContext;
  /** Why record `row` is unusual for the site (rank/unusual-request.ts); undefined when it is not. */
  unusual(row: number): string | undefined;
}

/**
 * What the scan says about the site itself: its routes, its fields' characters (learned from the
 * baseline's texts when there is one), its hostile clients.
 */
export function judgeSite(prepared: PreparedScan, minRarity: number, baselineTexts?: readonly string[]): SiteJudgement {
  const { state } = prepared;
  const map = buildSiteMap(state.table.texts, state.occurrences);
  const tagsOf = (mask: number) => state.tags.tags(mask);
  const context = clientContext({ rows: state.occurrences, clients: state.ips.length, site: map, tagKinds: tagKindsOf(tagsOf) });
  const characters = fieldNovelty(state.table.texts, (id) => map.textClients.members(id), (client) => context.hostile[client] !== 1, baselineTexts);
  const ordinaryClients = context.hostile.reduce((n, hostile) => n + (hostile === 1 ? 0 : 1), 0);
  const unusual = {
    rows: state.occurrences,
    map,
    characters,
    minBits: minRarity,
    payloadTags: (mask: number) => tagsOf(mask).filter((t) => t !== SCANNER_AGENT_TAG),
    routesKnown: ordinaryClients >= MIN_SITE_CLIENTS,
  };
  return { map, characters, context, unusual: (row) => unusualRequest(unusual, row) };
}

/** The structured detector's verdict on every client, by IP. */
export function judgeClients(prepared: PreparedScan, zThreshold: number, baseline?: Baseline): Map<string, IpVerdict> {
  const scores = scoreIps(prepared.state.ipAccumulator.snapshot(), { zThreshold, ...(baseline && { baseline: baseline.structured }) });
  return new Map(scores.map((s) => [s.ip, s]));
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
