// The flagged lines of one setting, ranked by line score, and the thresholds on that score: the
// operating point that best serves an objective, the scores at a given threshold, the PR curve.

import type { FuseInput, OccurrenceView, TextVerdicts } from '../rank/fuse-findings.js';
import { lineScore, recordScore } from '../rank/fuse-findings.js';
import { round3 } from '../round3.js';
import type { LineSubset } from './line-subsets.js';
import { isBetter, lineScores, type LineScores, type Objective } from './objective.js';

/** Flagged lines, highest score first: `records[i]` is a record index, `scores[i]` its line score. */
export interface RankedLines {
  scores: Float64Array;
  records: Uint32Array;
}

/** Scores as reported by a scan with this fusion weight; `minLineScore` is what tuning chooses. */
export function rankFlaggedLines(
  verdicts: Pick<TextVerdicts, 'flagged' | 'scores'>,
  occurrences: OccurrenceView,
  clientBonus: Float64Array,
  ipWeight: number,
  site: Pick<FuseInput, 'context' | 'unusual'> = {},
): RankedLines {
  const scored: Array<{ i: number; s: number }> = [];
  for (let i = 0; i < occurrences.size; i++) {
    const base = recordScore(verdicts, site, occurrences, i);
    if (base !== undefined) scored.push({ i, s: lineScore(base, clientBonus[occurrences.ipId(i)]!, ipWeight) });
  }
  scored.sort((a, b) => b.s - a.s || a.i - b.i);
  return { scores: Float64Array.from(scored, (x) => x.s), records: Uint32Array.from(scored, (x) => x.i) };
}

export interface OperatingPoint extends LineScores {
  /** Report flagged lines scoring at least this (`--min-score`). */
  minScore: number;
}

/**
 * Walks down the ranking one score at a time and keeps the best point. The threshold lies halfway
 * to the next lower score, so that a new log's lines a little below the last kept one still count.
 */
export function bestOperatingPoint(ranked: RankedLines, labels: Uint8Array, subset: LineSubset, objective: Objective): OperatingPoint {
  const curve = curvePoints(ranked, labels, subset);
  let best = curve[0]!;
  for (const point of curve) if (isBetter(point, best, objective, subset.share)) best = point;
  return best;
}

/** What a scan with `minScore` would flag among the subset's lines. */
export function scoresAtThreshold(ranked: RankedLines, labels: Uint8Array, subset: LineSubset, minScore: number): LineScores {
  let flagged = 0;
  let truePositives = 0;
  for (let k = 0; k < ranked.records.length && ranked.scores[k]! >= minScore; k++) {
    const record = ranked.records[k]!;
    if (!subset.includes(record)) continue;
    flagged++;
    truePositives += labels[record]!;
  }
  return lineScores(flagged, truePositives, subset.positives, subset.negatives);
}

/** About `count` points of the precision–recall trade-off, from the strictest threshold to none. */
export function tradeOff(ranked: RankedLines, labels: Uint8Array, subset: LineSubset, count: number): OperatingPoint[] {
  const curve = curvePoints(ranked, labels, subset).slice(1);
  if (curve.length <= count) return curve;
  return Array.from({ length: count }, (_, k) => curve[Math.round(((k + 1) * (curve.length - 1)) / count)]!);
}

/** One point per distinct score (all lines with that score or more), after the empty point. */
function curvePoints(ranked: RankedLines, labels: Uint8Array, subset: LineSubset): OperatingPoint[] {
  const points: OperatingPoint[] = [];
  let flagged = 0;
  let truePositives = 0;
  let last = Number.POSITIVE_INFINITY;
  // `next` is the score below the point; none after the last line, where no threshold is needed.
  const close = (next: number | null) => {
    const minScore = next !== null && Number.isFinite(last) ? halfway(last, next) : 0;
    points.push({ ...lineScores(flagged, truePositives, subset.positives, subset.negatives), minScore });
  };
  for (let k = 0; k < ranked.records.length; k++) {
    const record = ranked.records[k]!;
    if (!subset.includes(record)) continue;
    const score = ranked.scores[k]!;
    if (score !== last) close(score);
    last = score;
    flagged++;
    truePositives += labels[record]!;
  }
  close(null);
  // The empty point flags nothing: its threshold lies above the best score.
  points[0]!.minScore = Number.isFinite(ranked.scores[0] ?? NaN) ? round3(ranked.scores[0]! + 0.001) : 0;
  return points;
}

/** A threshold strictly above `lower` and at most `kept`, on the 3-decimal grid of line scores. */
function halfway(kept: number, lower: number): number {
  const mid = round3((kept + lower) / 2);
  return mid > lower ? mid : kept;
}
