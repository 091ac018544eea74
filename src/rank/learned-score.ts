// A line model learned by `semlog tune --learn` and saved with `--save`: what it is, the check a
// scan runs before trusting it, and how it turns a line's signals into a finding, a score and reasons.
//
//   probability = σ(bias + Σ weight · (signal − mean) / scale)
//   a line is a finding when probability ≥ threshold; its score is probability / threshold
//
// so a learned finding scores at least 1, as a default finding lies outside every cluster at 1, and
// `--fail-on 1.5` asks for a probability half again as high as the threshold.

import { UsageError } from '../errors.js';
import { contributions, predictLogistic, type LogisticModel } from '../tune/logistic-regression.js';
import { LINE_SIGNALS, SIGNAL_DESCRIPTIONS, type LineSignal } from './line-signals.js';

/** Bumped whenever what a saved model means changes (the signals, their scaling, the score). */
export const LEARNED_FORMAT = 1;
export const LEARNED_KIND = 'logistic-regression';

export interface LearnedModel extends LogisticModel {
  kind: typeof LEARNED_KIND;
  format: typeof LEARNED_FORMAT;
  /** LINE_SIGNALS when it was fitted: a scan with another signal set refuses the model. */
  signals: string[];
  /** Probability at or above which a line is a finding, in (0, 1). */
  threshold: number;
}

/** Per record: its probability and why. */
export interface LearnedLines {
  probability: Float64Array;
  threshold: number;
  /** The signals that pushed the line's probability up most, as reasons. */
  explain(i: number): string[];
}

/** Contributions to the log-odds below this are not worth naming. */
const MIN_NAMED_CONTRIBUTION = 0.1;
const NAMED_SIGNALS = 3;

export function scoreLearnedLines(model: LearnedModel, rows: Float64Array, size: number): LearnedLines {
  const probability = new Float64Array(size);
  for (let i = 0; i < size; i++) probability[i] = predictLogistic(model, rows, i);
  return {
    probability,
    threshold: model.threshold,
    explain(i) {
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

function formatSignal(name: LineSignal, value: number): string {
  if (name === 'clientFindingsLog') return `${Math.round(2 ** value - 1)}`;
  return Number.isInteger(value) ? (value === 1 ? 'yes' : String(value)) : value.toFixed(2);
}

/**
 * Throws a UsageError (exit 2) unless `model` is a learned model this build can apply: its kind, its
 * format and its signals (names and order) must be this build's, and every number finite.
 * `where` names the source in messages (`tuned.json`).
 */
export function checkLearnedModel(model: unknown, where: string): LearnedModel {
  const hint = 'tune again with this version: semlog tune LOGS… --labels LABELS.csv --learn --save CONFIG';
  const fail = (what: string) => new UsageError(`${where}: ${what}`, { hint });
  if (typeof model !== 'object' || model === null) throw fail('the learned model is not an object');
  const m = model as Record<string, unknown>;
  if (m['kind'] !== LEARNED_KIND) throw fail(`learned model kind ${JSON.stringify(m['kind'])} is not ${JSON.stringify(LEARNED_KIND)}`);
  if (m['format'] !== LEARNED_FORMAT) throw fail(`learned model format ${JSON.stringify(m['format'])} is not this version's (${LEARNED_FORMAT})`);
  const signals = m['signals'];
  if (!Array.isArray(signals) || signals.join(',') !== LINE_SIGNALS.join(',')) {
    throw fail(`the learned model was fitted on the signals ${JSON.stringify(signals)}, this version computes ${JSON.stringify(LINE_SIGNALS)}`);
  }
  const vector = (key: string, positive = false) => {
    const value = m[key];
    if (!Array.isArray(value) || value.length !== LINE_SIGNALS.length || !value.every((v) => typeof v === 'number' && Number.isFinite(v) && (!positive || v > 0))) {
      throw fail(`learned model ${key} must be ${LINE_SIGNALS.length} finite numbers${positive ? ' above 0' : ''}`);
    }
    return value as number[];
  };
  const number = (key: string, valid: (v: number) => boolean, what: string) => {
    const value = m[key];
    if (typeof value !== 'number' || !Number.isFinite(value) || !valid(value)) throw fail(`learned model ${key} ${JSON.stringify(value)}: must be ${what}`);
    return value;
  };
  return {
    kind: LEARNED_KIND,
    format: LEARNED_FORMAT,
    signals: [...LINE_SIGNALS],
    mean: vector('mean'),
    scale: vector('scale', true),
    weights: vector('weights'),
    bias: number('bias', () => true, 'a finite number'),
    threshold: number('threshold', (v) => v > 0 && v < 1, 'above 0 and below 1'),
  };
}
