// A line model learned by `semlog tune --learn` and saved with `--save`: what it is, the check a
// scan runs before trusting it, and how it turns a line's signals into a finding, a score and reasons.
//
//   probability = σ(bias + Σ weight · (signal − mean) / scale)
//   a line is a finding when probability ≥ threshold; its score is probability / threshold
//
// on the lines inside the signal ranges it was fitted on (fitted-range.ts); outside them the default
// scoring decides, and the line's first reason says which signal was out of range.
//
// so a learned finding scores at least 1, as a default finding lies outside every cluster at 1, and
// `--fail-on 1.5` asks for a probability half again as high as the threshold.

import { contributions, predictLogistic } from '../tune/logistic-regression.js';
import { checkSavedModel, type SavedModel } from './check-saved-model.js';
import { checkFittedRanges, outsideSignal, sideOf, type FittedRanges } from './fitted-range.js';
import { LINE_SIGNALS, SIGNAL_DESCRIPTIONS, type LineSignal } from './line-signals.js';

export const LEARNED_KIND = 'logistic-regression';

export interface LearnedModel extends SavedModel {
  kind: typeof LEARNED_KIND;
  /** Probability at or above which a line is a finding, in (0, 1). */
  threshold: number;
  /** Where the model decides: outside these ranges the default scoring does (fitted-range.ts). */
  fittedRanges: FittedRanges;
}

/** Per record: its probability and why. */
export interface LearnedLines {
  probability: Float64Array;
  threshold: number;
  /** 1 where the model decides; 0 where a signal lies outside its fitted range and the default scoring decides. */
  decides: Uint8Array;
  /** The signals that pushed the line's probability up most, or the signal that left it to the default scoring, as reasons. */
  explain(i: number): string[];
}

/** Contributions to the log-odds below this are not worth naming. */
const MIN_NAMED_CONTRIBUTION = 0.1;
const NAMED_SIGNALS = 3;

export function scoreLearnedLines(model: LearnedModel, rows: Float64Array, size: number): LearnedLines {
  const probability = new Float64Array(size);
  // Per line, the first signal outside the fitted ranges (-1: none), kept for the reason.
  const outside = new Int16Array(size);
  const decides = new Uint8Array(size);
  for (let i = 0; i < size; i++) {
    probability[i] = predictLogistic(model, rows, i);
    outside[i] = outsideSignal(model.fittedRanges, rows, i);
    decides[i] = outside[i] === -1 ? 1 : 0;
  }
  return {
    probability,
    threshold: model.threshold,
    decides,
    explain(i) {
      if (decides[i] === 0) return [outsideReason(model, rows, i, outside[i]!)];
      const top = contributions(model, rows, i)
        .map((value, j) => ({ value, name: LINE_SIGNALS[j]! }))
        .filter((c) => c.value >= MIN_NAMED_CONTRIBUTION)
        .sort((a, b) => b.value - a.value)
        .slice(0, NAMED_SIGNALS);
      const named = top.map((c) => `${SIGNAL_DESCRIPTIONS[c.name]} ${formatSignal(c.name, rows[i * LINE_SIGNALS.length + LINE_SIGNALS.indexOf(c.name)]!)} (+${c.value.toFixed(2)})`);
      return [`learned model: probability ${probability[i]!.toFixed(3)} (threshold ${model.threshold.toFixed(3)})${named.length > 0 ? `; most weight: ${named.join(', ')}` : ''}`];
    },
  };
}

/** Why the default scoring decided line `i`: `j`, the first signal outside the model's fitted range. */
function outsideReason(model: LearnedModel, rows: Float64Array, i: number, j: number): string {
  const side = sideOf(rows, i);
  const range = model.fittedRanges[side];
  const kind = side === 1 ? 'findings of the default scoring' : 'lines the default scoring leaves alone';
  let why: string;
  if (range === null) {
    why = `it was fitted on no ${kind}`;
  } else {
    const name = LINE_SIGNALS[j]!;
    const fitted = range.low[j] === range.high[j] ? `only ${formatSignal(name, range.low[j]!)}` : `${formatSignal(name, range.low[j]!)} to ${formatSignal(name, range.high[j]!)}`;
    why = `${SIGNAL_DESCRIPTIONS[name]} ${formatSignal(name, rows[i * LINE_SIGNALS.length + j]!)}; on the ${kind} it was fitted on: ${fitted}`;
  }
  return `learned model does not decide this line, the default scoring does (${why})`;
}

/** The signals that are 1 or 0. */
const YES_OR_NO: ReadonlySet<LineSignal> = new Set(['hostileClient', 'unusualForSite', 'headerAttack', 'payloadTag', 'defaultFinding']);

function formatSignal(name: LineSignal, value: number): string {
  if (name === 'clientFindingsLog') return `${Math.round(2 ** value - 1)}`;
  if (YES_OR_NO.has(name)) return value === 1 ? 'yes' : 'no';
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

/**
 * Throws a UsageError (exit 2) unless `model` is a line model this build can apply (check-saved-model.ts)
 * with a threshold between 0 and 1. `where` names the source in messages (`tuned.json`).
 */
export function checkLearnedModel(model: unknown, where: string): LearnedModel {
  const { fields, record, fail } = checkSavedModel(model, where, LEARNED_KIND, LINE_SIGNALS);
  const threshold = record['threshold'];
  if (typeof threshold !== 'number' || !Number.isFinite(threshold) || threshold <= 0 || threshold >= 1) {
    throw fail(`${LEARNED_KIND} model threshold ${JSON.stringify(threshold)}: must be above 0 and below 1`);
  }
  return { kind: LEARNED_KIND, ...fields, threshold, fittedRanges: checkFittedRanges(record['fittedRanges'], fail) };
}
