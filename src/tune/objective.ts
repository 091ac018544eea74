// What `semlog tune` optimises: the F1 of flagged lines, the hits among at most N alerts, or the
// recall at a bounded false-positive rate. Also: precision, recall and friends from raw counts.

import { UsageError } from '../errors.js';

export type Objective =
  | { kind: 'f1' }
  /** At most `maxFlagged` flagged lines (e.g. alerts a night): as many true ones as possible. */
  | { kind: 'precision-at'; maxFlagged: number }
  /** At most this share of normal lines flagged: as many anomalies as possible. */
  | { kind: 'recall-at-fpr'; maxFpr: number };

export interface LineScores {
  flagged: number;
  truePositives: number;
  /** Labelled anomalies among the lines judged. */
  positives: number;
  /** Normal lines among the lines judged. */
  negatives: number;
  precision: number;
  recall: number;
  f1: number;
  /** Share of normal lines flagged. */
  fpr: number;
}

export function parseObjective(text: string): Objective {
  if (text === 'f1') return { kind: 'f1' };
  const precision = /^precision@(\d+)$/.exec(text);
  // At most 0 flagged lines would choose a setting that flags nothing.
  if (precision && Number(precision[1]) >= 1) return { kind: 'precision-at', maxFlagged: Number(precision[1]) };
  const recall = /^recall@(\d*\.?\d+)(%?)$/.exec(text);
  if (recall) {
    const maxFpr = Number(recall[1]) / (recall[2] === '%' ? 100 : 1);
    if (maxFpr < 1) return { kind: 'recall-at-fpr', maxFpr };
  }
  throw new UsageError(`unknown objective ${JSON.stringify(text)}`, {
    hint: 'use f1, precision@N (at most N ≥ 1 flagged lines, e.g. precision@50) or recall@FPR (FPR below 1, e.g. recall@0.01 or recall@1%)',
  });
}

export function describeObjective(objective: Objective): string {
  switch (objective.kind) {
    case 'f1':
      return 'f1';
    case 'precision-at':
      return `precision@${objective.maxFlagged}`;
    case 'recall-at-fpr':
      return `recall@${objective.maxFpr}`;
  }
}

export function lineScores(flagged: number, truePositives: number, positives: number, negatives: number): LineScores {
  const precision = flagged === 0 ? 0 : truePositives / flagged;
  const recall = positives === 0 ? 0 : truePositives / positives;
  return {
    flagged,
    truePositives,
    positives,
    negatives,
    precision,
    recall,
    f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
    fpr: negatives === 0 ? 0 : (flagged - truePositives) / negatives,
  };
}

/**
 * Whether `a` serves the objective better than `b`. Constraints scale with `share`, the part of the
 * labelled lines judged (a cross-validation fold sees fewer lines, so fewer alerts are allowed).
 * Ties go to the fewer flagged lines: fewer alerts for the same catch.
 */
export function isBetter(a: LineScores, b: LineScores, objective: Objective, share = 1): boolean {
  const feasibleA = isFeasible(a, objective, share);
  if (feasibleA !== isFeasible(b, objective, share)) return feasibleA;
  const [ka, kb] = objective.kind === 'f1' ? [a.f1, b.f1] : [a.truePositives, b.truePositives];
  if (ka !== kb) return ka > kb;
  return a.flagged < b.flagged;
}

function isFeasible(s: LineScores, objective: Objective, share: number): boolean {
  if (objective.kind === 'precision-at') return s.flagged <= Math.round(objective.maxFlagged * share);
  if (objective.kind === 'recall-at-fpr') return s.fpr <= objective.maxFpr;
  return true;
}
