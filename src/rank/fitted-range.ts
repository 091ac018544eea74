// Where a learned line model may decide: each signal's range over the labelled lines it was fitted
// on, kept apart for the lines the default scoring leaves alone and for its findings. A line whose
// signals fall outside the range of its side is unlike every line the model saw (an attack of a kind
// the labels did not hold, a client far busier than any labelled one), and a logistic model
// extrapolates there with a confidence it has not earned; the default decision stands for it instead.
//
// Measured on the bench mixes (docs/tuning.md): fitted on elastic-a's payload clients alone, a model
// found 95 of the Acunetix scanner's 340 lines; with the range, the default scoring keeps all of them.

import { LINE_SIGNALS } from './line-signals.js';

export interface SignalRange {
  /** Per signal (LINE_SIGNALS order), the lowest and highest value on the fitted lines. */
  low: number[];
  high: number[];
}

/** [0]: lines the default scoring leaves alone; [1]: its findings. null where the labels held no such line. */
export type FittedRanges = [SignalRange | null, SignalRange | null];

const DIM = LINE_SIGNALS.length;
/** The signal that says which side a line is on: 1 for a finding of the default scoring. */
export const DEFAULT_FINDING = LINE_SIGNALS.indexOf('defaultFinding');

/** The ranges of the rows that `include` selects (row-major, LINE_SIGNALS.length values per row). */
export function fittedRanges(rows: Float64Array, size: number, include: (i: number) => boolean): FittedRanges {
  const ranges: FittedRanges = [null, null];
  for (let i = 0; i < size; i++) {
    if (!include(i)) continue;
    const side = sideOf(rows, i);
    const range = (ranges[side] ??= { low: new Array<number>(DIM).fill(Infinity), high: new Array<number>(DIM).fill(-Infinity) });
    for (let j = 0; j < DIM; j++) {
      const value = rows[i * DIM + j]!;
      if (value < range.low[j]!) range.low[j] = value;
      if (value > range.high[j]!) range.high[j] = value;
    }
  }
  return ranges;
}

/** The first signal of row `i` outside the fitted range of its side (-1 when every one is inside; the side itself when no line of it was fitted on). */
export function outsideSignal(ranges: FittedRanges, rows: Float64Array, i: number): number {
  const range = ranges[sideOf(rows, i)];
  if (range === null) return DEFAULT_FINDING;
  for (let j = 0; j < DIM; j++) {
    const value = rows[i * DIM + j]!;
    if (value < range.low[j]! || value > range.high[j]!) return j;
  }
  return -1;
}

/** 1 when row `i` is a finding of the default scoring. */
export function sideOf(rows: Float64Array, i: number): 0 | 1 {
  return rows[i * DIM + DEFAULT_FINDING] === 1 ? 1 : 0;
}

/** A saved model's ranges, checked; `fail` makes the error. */
export function checkFittedRanges(value: unknown, fail: (what: string) => Error): FittedRanges {
  const what = `fittedRanges must be two entries (null or {low, high} of ${DIM} finite numbers, low ≤ high), not both null`;
  if (!Array.isArray(value) || value.length !== 2 || value.every((entry) => entry === null)) throw fail(what);
  return value.map((entry: unknown) => {
    if (entry === null) return null;
    const range = entry as Record<string, unknown> | null;
    const low = range?.['low'];
    const high = range?.['high'];
    const finite = (list: unknown): list is number[] => Array.isArray(list) && list.length === DIM && list.every((v) => typeof v === 'number' && Number.isFinite(v));
    if (typeof range !== 'object' || !finite(low) || !finite(high) || low.some((v, j) => v > high[j]!)) throw fail(what);
    return { low: [...low], high: [...high] };
  }) as FittedRanges;
}
