// `semlog tune --learn`: fits an L2-regularised logistic regression on the line signals
// (rank/line-signals.ts, computed at the default settings), chooses its probability threshold for
// the objective, and estimates both by cross-validation over client IPs: each fold's clients are
// judged by a model and a threshold fitted without them. The model decides only lines inside the
// signal ranges it was fitted on (rank/fitted-range.ts), in the folds as in a scan; the default
// scoring decides the rest. The model is only worth saving when that held-out estimate beats what
// the sweep would save without it.

import { throwIfAborted } from '../errors.js';
import type { Baseline } from '../pipeline/baseline-store.js';
import { signalRows } from '../pipeline/detect-anomalies.js';
import type { PreparedScan } from '../pipeline/prepare-scan.js';
import { SAVED_MODEL_FORMAT } from '../rank/check-saved-model.js';
import { fittedRanges, outsideSignal, sideOf, type FittedRanges } from '../rank/fitted-range.js';
import { LEARNED_KIND, type LearnedModel } from '../rank/learned-score.js';
import { LINE_SIGNALS } from '../rank/line-signals.js';
import { defaultJudgement } from './default-judgement.js';
import type { LabelledLines } from './label-lines.js';
import { allLines, clientFolds, type LineSubset } from './line-subsets.js';
import { FIT_DEFAULTS, fitLogistic, predictLogistic, type LogisticModel } from './logistic-regression.js';
import { isBetter, lineScores, type LineScores, type Objective } from './objective.js';
import { TUNE_DEFAULTS } from './tune-settings.js';

export interface LearnOptions {
  objective: Objective;
  baseline?: Baseline;
  folds?: number;
  zThreshold?: number;
  /** L2 penalty (FIT_DEFAULTS.l2). */
  l2?: number;
  /** Held-out scores the learned model must beat to be kept (the sweep's choice, the defaults). */
  against: readonly LineScores[];
  signal?: AbortSignal;
}

export interface LearnResult {
  /** Fitted on all labelled lines, with the threshold that serves the objective best on them. */
  model: LearnedModel;
  /** On all labelled lines: optimistic, since they fitted the model. */
  scores: LineScores;
  /** Each fold's clients judged by a model and threshold fitted without them, pooled. */
  heldOut: LineScores & { folds: number; /** held-out lines outside their fold model's fitted ranges, decided by the default scoring */ defaulted: number };
  /** Whether the held-out scores beat every one of `against`: only then is the model saved. */
  beats: boolean;
}

/** Probabilities below this, or above 1 minus it, make no threshold: σ saturates there. */
const THRESHOLD_EDGE = 1e-9;

export function learnWeights(prepared: PreparedScan, labelled: LabelledLines, options: LearnOptions): LearnResult {
  const { objective } = options;
  const { labels } = labelled;
  const rows = defaultSignalRows(prepared, options);
  const fit = { ...FIT_DEFAULTS, ...(options.l2 !== undefined && { l2: options.l2 }) };
  const fitOn = (subset: LineSubset) => {
    const logistic = fitLogistic(rows, LINE_SIGNALS.length, labels, subset.includes, fit);
    const probability = probabilities(logistic, rows, labels.length);
    const ranges = fittedRanges(rows, labels.length, subset.includes);
    // The threshold is chosen on the fitted lines, which all lie inside the ranges.
    return { logistic, ranges, flags: flagsOf(probability, rows, ranges, chooseThreshold(probability, labels, subset, objective)) };
  };

  const held = { flagged: 0, truePositives: 0, positives: 0, negatives: 0, defaulted: 0 };
  const folds = clientFolds(prepared.state.occurrences, labels, options.folds ?? TUNE_DEFAULTS.folds);
  for (const { train, test } of folds) {
    throwIfAborted(options.signal);
    const { flags } = fitOn(train);
    const { scores, defaulted } = tally(flags, labels, test);
    held.flagged += scores.flagged;
    held.truePositives += scores.truePositives;
    held.positives += scores.positives;
    held.negatives += scores.negatives;
    held.defaulted += defaulted;
  }
  const heldOut = { ...lineScores(held.flagged, held.truePositives, held.positives, held.negatives), folds: folds.length, defaulted: held.defaulted };

  const all = allLines(labels);
  const { logistic, ranges, flags } = fitOn(all);
  return {
    model: {
      kind: LEARNED_KIND,
      format: SAVED_MODEL_FORMAT,
      signals: [...LINE_SIGNALS],
      embeddingModel: prepared.modelId,
      baseline: options.baseline !== undefined,
      ...logistic,
      threshold: flags.threshold,
      fittedRanges: ranges,
    },
    scores: tally(flags, labels, all).scores,
    heldOut,
    beats: options.against.every((other) => isBetter(heldOut, other, objective)),
  };
}

/** The signals as a default scan computes them: the model is applied to a scan with the default settings. */
function defaultSignalRows(prepared: PreparedScan, options: LearnOptions): Float64Array {
  const { site, verdicts, evidence } = defaultJudgement(prepared, options);
  return signalRows(prepared, site, verdicts, evidence);
}

function probabilities(model: LogisticModel, rows: Float64Array, size: number): Float64Array {
  const out = new Float64Array(size);
  for (let i = 0; i < size; i++) out[i] = predictLogistic(model, rows, i);
  return out;
}

/**
 * Walks down the subset's lines by probability and keeps the best cut for the objective; the
 * threshold lies halfway to the next lower probability, so a new log's lines a little below the
 * last kept one still count.
 */
export function chooseThreshold(probability: Float64Array, labels: Uint8Array, subset: LineSubset, objective: Objective): number {
  const order = [...probability.keys()].filter((i) => subset.includes(i)).sort((a, b) => probability[b]! - probability[a]!);
  let best = { scores: lineScores(0, 0, subset.positives, subset.negatives), threshold: 1 - THRESHOLD_EDGE };
  let flagged = 0;
  let truePositives = 0;
  for (let k = 0; k < order.length; k++) {
    const p = probability[order[k]!]!;
    flagged++;
    truePositives += labels[order[k]!]!;
    const next = k + 1 < order.length ? probability[order[k + 1]!]! : undefined;
    if (next === p) continue; // a cut cannot split equal probabilities
    const scores = lineScores(flagged, truePositives, subset.positives, subset.negatives);
    if (isBetter(scores, best.scores, objective, subset.share)) best = { scores, threshold: next === undefined ? p : (p + next) / 2 };
  }
  return Math.min(1 - THRESHOLD_EDGE, Math.max(THRESHOLD_EDGE, best.threshold));
}

interface LineFlags {
  threshold: number;
  /** 1 for a finding: the model's decision inside its fitted ranges, the default scoring's outside. */
  flagged: Uint8Array;
  /** 1 where the default scoring decided. */
  defaulted: Uint8Array;
}

/** What a scan with the model flags (fuse-findings.ts): the model inside its ranges, the default scoring's findings outside. */
function flagsOf(probability: Float64Array, rows: Float64Array, ranges: FittedRanges, threshold: number): LineFlags {
  const flagged = new Uint8Array(probability.length);
  const defaulted = new Uint8Array(probability.length);
  for (let i = 0; i < probability.length; i++) {
    if (outsideSignal(ranges, rows, i) === -1) {
      flagged[i] = probability[i]! >= threshold ? 1 : 0;
    } else {
      defaulted[i] = 1;
      flagged[i] = sideOf(rows, i);
    }
  }
  return { threshold, flagged, defaulted };
}

/** The scores of `subset`'s lines as `flags` flags them, and how many of them the default scoring decided. */
function tally(flags: LineFlags, labels: Uint8Array, subset: LineSubset): { scores: LineScores; defaulted: number } {
  let flagged = 0;
  let truePositives = 0;
  let defaulted = 0;
  for (let i = 0; i < labels.length; i++) {
    if (!subset.includes(i)) continue;
    defaulted += flags.defaulted[i]!;
    if (flags.flagged[i] === 0) continue;
    flagged++;
    truePositives += labels[i]!;
  }
  return { scores: lineScores(flagged, truePositives, subset.positives, subset.negatives), defaulted };
}
