// `semlog tune`'s core: with the texts embedded and their neighbours found once (prepareScan), sweep
// eps × min_samples × min_rarity (× the fusion weight and the line-score threshold for a budget
// objective), choose a setting that holds up client group by client group, and estimate by
// k-fold cross-validation over clients how the whole choice does on clients it did not see.

import { throwIfAborted } from '../errors.js';
import type { Baseline } from '../pipeline/baseline-store.js';
import { baselineNovelty } from '../pipeline/baseline-novelty.js';
import { DETECT_DEFAULTS, judgeClients, judgeSite, judgeTexts } from '../pipeline/detect-anomalies.js';
import type { PreparedScan } from '../pipeline/prepare-scan.js';
import { detectSemanticOutliers, SEMANTIC_DEFAULTS, type SemanticResult } from '../pipeline/semantic-outliers.js';
import { clientLineBonus, FUSE_DEFAULTS } from '../rank/fuse-findings.js';
import type { ProgressListener } from '../types.js';
import type { LabelledLines } from './label-lines.js';
import { TUNE_DEFAULTS } from './tune-defaults.js';
import { allLines, clientFolds, type LineSubset } from './line-subsets.js';
import { isBetter, lineScores, type LineScores, type Objective } from './objective.js';
import { bestOperatingPoint, rankFlaggedLines, scoresAtThreshold, tradeOff, type OperatingPoint, type RankedLines } from './ranked-lines.js';

export interface TuneGrid {
  eps: readonly number[];
  minSamples: readonly number[];
  minRarity: readonly number[];
  ipWeight: readonly number[];
}

/** Around the defaults, wide enough to reach the settings the bench/quality sweeps found useful. */
export const TUNE_GRID: Readonly<TuneGrid> = Object.freeze({
  eps: [0.2, 0.25, 0.3, 0.35, 0.4, 0.5],
  minSamples: [2, 3, 5, 10, 20],
  minRarity: [0, 4, 8, 12, 16],
  ipWeight: [0, 1, 2],
});

export { TUNE_DEFAULTS };

/** The settings a scan takes from a tuned config. */
export interface TunedSetting {
  eps: number;
  minSamples: number;
  minRarity: number;
  ipWeight: number;
  minScore: number;
}

export interface SettingResult {
  setting: TunedSetting;
  scores: LineScores;
}

export interface TuneResult {
  objective: Objective;
  /** Every setting of the grid at its best threshold, best first. */
  settings: SettingResult[];
  chosen: SettingResult;
  /** Settings that did at least as well as the defaults on every group of clients (see chooseSetting). */
  eligible: number;
  /** The chosen setting's precision–recall trade-off as its threshold moves. */
  tradeOff: OperatingPoint[];
  /** Cross-validated: each fold's clients judged with the setting chosen without them. */
  heldOut: LineScores & { folds: number };
  /** The default settings, which no labels chose, on all labelled lines. */
  defaults: SettingResult;
}

export interface TuneOptions {
  objective: Objective;
  baseline?: Baseline;
  folds?: number;
  grid?: Partial<TuneGrid>;
  zThreshold?: number;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
}

interface Candidate {
  setting: Omit<TunedSetting, 'minScore'>;
  ranked: RankedLines;
}

export function tuneSettings(prepared: PreparedScan, labelled: LabelledLines, options: TuneOptions): TuneResult {
  const { objective } = options;
  const { labels } = labelled;
  const context = judgeContext(prepared, options);
  const candidates = rankEverySetting(prepared, options, context);
  const defaultSetting = { ...pick(SEMANTIC_DEFAULTS), ipWeight: FUSE_DEFAULTS.ipWeight };
  const defaultRanking = candidates.find((c) => sameSetting(c.setting, defaultSetting))?.ranked ?? context.rank(defaultSetting);
  const defaults = { setting: defaultSetting, ranked: defaultRanking, minScore: FUSE_DEFAULTS.minLineScore };
  const all = allLines(labels);
  const folds = clientFolds(prepared.state.occurrences, labels, options.folds ?? TUNE_DEFAULTS.folds);

  const pointsOnAll = candidates.map((c) => operatingPoint(c.ranked, labels, all, objective));
  const choice = chooseSetting(candidates, pointsOnAll, labels, all, folds.map((f) => f.test), defaults, objective);
  const settings = candidates
    .map((c, i) => ({ setting: c.setting, point: pointsOnAll[i]! }))
    .sort((a, b) => (isBetter(a.point, b.point, objective) ? -1 : isBetter(b.point, a.point, objective) ? 1 : 0))
    .map(({ setting, point }) => ({ setting: { ...setting, minScore: point.minScore }, scores: withoutThreshold(point) }));

  // The held-out estimate repeats the whole choice without one fold's clients, then judges them.
  const held = { flagged: 0, truePositives: 0, positives: 0, negatives: 0 };
  folds.forEach(({ train, test }, f) => {
    const others = folds.filter((_, g) => g !== f).map((g) => g.test);
    const points = candidates.map((c) => operatingPoint(c.ranked, labels, train, objective));
    const picked = chooseSetting(candidates, points, labels, train, others, defaults, objective);
    const scores = scoresAtThreshold(picked.ranked, labels, test, picked.point.minScore);
    held.flagged += scores.flagged;
    held.truePositives += scores.truePositives;
    held.positives += scores.positives;
    held.negatives += scores.negatives;
  });

  return {
    objective,
    settings,
    chosen: { setting: { ...choice.setting, minScore: choice.point.minScore }, scores: withoutThreshold(choice.point) },
    eligible: choice.eligible,
    tradeOff: tradeOff(choice.ranked, labels, all, TUNE_DEFAULTS.tradeOffPoints),
    heldOut: { ...lineScores(held.flagged, held.truePositives, held.positives, held.negatives), folds: folds.length },
    defaults: { setting: { ...defaultSetting, minScore: defaults.minScore }, scores: scoresAtThreshold(defaults.ranked, labels, all, defaults.minScore) },
  };
}

/**
 * The best setting on `lines` among those that do at least as well as the defaults, in F1 and in
 * recall, on every group of clients (`groups`) with labelled anomalies. One labelled day favours
 * whatever caught that day's attackers; on the bench/quality mixes the best setting of one mix lost
 * to the defaults on the next, while settings that beat the defaults client group by client group
 * held up. A budget objective (precision@N, recall@FPR) is its own guard: the defaults rarely meet
 * the budget, so every setting is eligible there. Falls back to the defaults when nothing qualifies.
 * `points[i]` is candidate i's operating point on `lines`.
 */
function chooseSetting(
  candidates: readonly Candidate[],
  points: readonly OperatingPoint[],
  labels: Uint8Array,
  lines: LineSubset,
  groups: readonly LineSubset[],
  defaults: Candidate & { minScore: number },
  objective: Objective,
): Candidate & { point: OperatingPoint; eligible: number } {
  const judged = groups.filter((g) => g.positives > 0);
  const baseline = judged.map((g) => scoresAtThreshold(defaults.ranked, labels, g, defaults.minScore));
  let best: (Candidate & { point: OperatingPoint }) | undefined;
  let eligible = 0;
  for (const [i, candidate] of candidates.entries()) {
    const point = points[i]!;
    if (objective.kind === 'f1' && judged.some((g, j) => !holdsUp(scoresAtThreshold(candidate.ranked, labels, g, point.minScore), baseline[j]!))) continue;
    eligible++;
    if (!best || isBetter(point, best.point, objective, lines.share)) best = { ...candidate, point };
  }
  if (best) return { ...best, eligible };
  const scores = scoresAtThreshold(defaults.ranked, labels, lines, defaults.minScore);
  return { setting: defaults.setting, ranked: defaults.ranked, point: { ...scores, minScore: defaults.minScore }, eligible };
}

/** Clusters once per eps × min_samples; the rarity gate and the fusion weight only re-rank. */
function rankEverySetting(prepared: PreparedScan, options: TuneOptions, context: JudgeContext): Candidate[] {
  const grid = { ...TUNE_GRID, ...options.grid };
  // Against a baseline a text is judged by its distance to the clean period alone (see
  // semantic-verdicts.ts): min_samples and min_rarity change nothing, so they are not swept.
  const minSamplesValues = options.baseline ? [SEMANTIC_DEFAULTS.minSamples] : grid.minSamples;
  const minRarityValues = options.baseline ? [SEMANTIC_DEFAULTS.minRarity] : grid.minRarity;
  // The fusion weight only reorders lines: it matters when a threshold cuts the ranking.
  const ipWeightValues = options.objective.kind === 'f1' ? [FUSE_DEFAULTS.ipWeight] : grid.ipWeight;
  const candidates: Candidate[] = [];
  const total = grid.eps.length * minSamplesValues.length;
  for (const eps of grid.eps) {
    for (const minSamples of minSamplesValues) {
      throwIfAborted(options.signal);
      const clusters = detectSemanticOutliers(prepared.neighbors, prepared.state.table.counts, { ...SEMANTIC_DEFAULTS, eps, minSamples });
      for (const minRarity of minRarityValues) {
        for (const ipWeight of ipWeightValues) {
          const setting = { eps, minSamples, minRarity, ipWeight };
          candidates.push({ setting, ranked: context.rank(setting, clusters) });
        }
      }
      options.onProgress?.({ stage: 'cluster', done: candidates.length / (minRarityValues.length * ipWeightValues.length), total });
    }
  }
  return candidates;
}

interface JudgeContext {
  /** `clusters`: DBSCAN with the setting's eps and min_samples, computed here when not given. */
  rank(setting: Candidate['setting'], clusters?: SemanticResult): RankedLines;
}

/** What does not change across settings: the clients' verdicts and the novelty against the baseline. */
function judgeContext(prepared: PreparedScan, options: TuneOptions): JudgeContext {
  const { state } = prepared;
  const evidence = judgeClients(prepared, options.zThreshold ?? DETECT_DEFAULTS.zThreshold, options.baseline);
  const clientBonus = Float64Array.from(state.ips, (ip) => clientLineBonus(evidence.get(ip)));
  const novelty = options.baseline ? baselineNovelty(options.baseline, prepared.vectors, prepared.dim) : undefined;
  const site = judgeSite(prepared, SEMANTIC_DEFAULTS.minRarity, options.baseline);
  return {
    rank(setting, clusters) {
      const verdicts = judgeTexts(prepared, site, { ...SEMANTIC_DEFAULTS, ...setting }, novelty, clusters);
      return rankFlaggedLines(verdicts, state.occurrences, clientBonus, setting.ipWeight, site);
    },
  };
}

/**
 * Where a setting is judged. For F1 that is the detector's own decision, every outlier reported
 * (--min-score 0): a threshold tuned for F1 fits the scores of the labelled attacks, and on the
 * bench/quality mixes it cut most of the next mix's other attacks (F1 0.43 → 0.29). A budget
 * (precision@N, recall@FPR) is a cut the user asked for, so there the threshold is tuned.
 */
function operatingPoint(ranked: RankedLines, labels: Uint8Array, lines: LineSubset, objective: Objective): OperatingPoint {
  if (objective.kind === 'f1') return { ...scoresAtThreshold(ranked, labels, lines, FUSE_DEFAULTS.minLineScore), minScore: FUSE_DEFAULTS.minLineScore };
  return bestOperatingPoint(ranked, labels, lines, objective);
}

function holdsUp(scores: LineScores, defaults: LineScores): boolean {
  return scores.f1 >= defaults.f1 && scores.recall >= defaults.recall;
}

function pick({ eps, minSamples, minRarity }: typeof SEMANTIC_DEFAULTS) {
  return { eps, minSamples, minRarity };
}

function sameSetting(a: Candidate['setting'], b: Candidate['setting']): boolean {
  return a.eps === b.eps && a.minSamples === b.minSamples && a.minRarity === b.minRarity && a.ipWeight === b.ipWeight;
}

function withoutThreshold({ minScore: _, ...scores }: OperatingPoint): LineScores {
  return scores;
}
