// The cheap half of a scan: cluster the prepared texts, score the clients and windows, fuse the
// rankings. Runs many times on one PreparedScan when tuning.

import { detectWindows } from '../features/detect-windows.js';
import { scoreIps } from '../features/score-ips.js';
import { checkDetectOptions } from '../options/check-library-options.js';
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
  checkDetectOptions(options);
  const { state } = prepared;
  const clock = stageClock();
  const { baseline } = options;
  const novelty = baseline ? baselineNovelty(baseline, prepared.vectors, prepared.dim) : undefined;
  const verdicts = judgeTexts(prepared, { ...SEMANTIC_DEFAULTS, ...options.semantic }, novelty);
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
  semantic: SemanticOptions,
  novelty?: Novelty,
  clusters: SemanticResult = detectSemanticOutliers(prepared.neighbors, prepared.state.table.counts, semantic),
): TextVerdicts {
  const { table } = prepared.state;
  return semanticVerdicts(table.texts, table.counts, prepared.characters, clusters, semantic, novelty);
}

/** The structured detector's verdict on every client, by IP. */
export function judgeClients(prepared: PreparedScan, zThreshold: number, baseline?: Baseline): Map<string, IpVerdict> {
  const scores = scoreIps(prepared.state.ipAccumulator.snapshot(), { zThreshold, ...(baseline && { baseline: baseline.structured }) });
  return new Map(scores.map((s) => [s.ip, s]));
}
