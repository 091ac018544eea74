// tune --learn's core on a real log slice with attack lines added (the deterministic trigram embedder
// in place of the model): the threshold walk by hand, the cross-validated fit, and a scan that
// applies the fitted model flagging exactly what the fit counted.

import { beforeAll, describe, expect, it } from 'vitest';
import { detectAnomalies } from '../../src/pipeline/detect-anomalies.js';
import type { PreparedScan } from '../../src/pipeline/prepare-scan.js';
import { LINE_SIGNALS } from '../../src/rank/line-signals.js';
import type { LabelledLines } from '../../src/tune/label-lines.js';
import { chooseThreshold, learnWeights } from '../../src/tune/learn-weights.js';
import { allLines } from '../../src/tune/line-subsets.js';
import { lineScores, parseObjective } from '../../src/tune/objective.js';
import { attackSlice } from '../helpers/attack-slice.js';

describe('chooseThreshold', () => {
  const probability = Float64Array.from([0.9, 0.8, 0.3, 0.2]);

  it('cuts halfway below the last line of the best F1', () => {
    // Flag the top 2: P 1, R 1, F1 1; any other cut is worse.
    expect(chooseThreshold(probability, Uint8Array.from([1, 1, 0, 0]), allLines(Uint8Array.from([1, 1, 0, 0])), parseObjective('f1'))).toBeCloseTo(0.55, 12);
    // Flag all four: P 0.75, R 1, F1 0.857 beats the top 2 (F1 0.8): the cut is the lowest probability.
    const labels = Uint8Array.from([1, 1, 0, 1]);
    expect(chooseThreshold(probability, labels, allLines(labels), parseObjective('f1'))).toBeCloseTo(0.2, 12);
  });

  it('keeps to an alert budget, and never splits equal probabilities', () => {
    const labels = Uint8Array.from([1, 1, 0, 1]);
    expect(chooseThreshold(probability, labels, allLines(labels), parseObjective('precision@1'))).toBeCloseTo(0.85, 12);
    const tied = Float64Array.from([0.7, 0.7, 0.1]);
    const tiedLabels = Uint8Array.from([1, 0, 0]);
    // The tie can only be taken whole: 1 of 2 (F1 0.667) beats nothing.
    expect(chooseThreshold(tied, tiedLabels, allLines(tiedLabels), parseObjective('f1'))).toBeCloseTo(0.4, 12);
  });
});

describe('learnWeights', () => {
  let prepared: PreparedScan;
  let labelled: LabelledLines;
  let anomalyLines: number[];

  beforeAll(async () => {
    ({ prepared, labelled, anomalyLines } = await attackSlice());
  });

  it('fits the signals, estimates held out over client folds, and a scan with the model flags what it counted', () => {
    const unbeatable = lineScores(12, 12, 12, labelled.labels.length - 12);
    const result = learnWeights(prepared, labelled, { objective: parseObjective('f1'), against: [unbeatable] });
    expect(result.model.signals).toEqual([...LINE_SIGNALS]);
    expect(result.model.weights).toHaveLength(LINE_SIGNALS.length);
    expect(result.model.threshold).toBeGreaterThan(0);
    expect(result.model.threshold).toBeLessThan(1);
    expect(result.heldOut.folds).toBe(5);
    expect(result.heldOut.positives).toBe(12);
    expect(result.heldOut.positives + result.heldOut.negatives).toBe(labelled.labels.length);
    expect(result.scores.f1).toBeGreaterThan(0.9);
    // Nothing beats a perfect score: the guard would keep what it is compared with.
    expect(result.beats).toBe(false);
    const analysis = detectAnomalies(prepared, { learned: result.model });
    expect(analysis.lines).toHaveLength(result.scores.flagged);
    expect(anomalyLines.filter((line) => analysis.lines.some((l) => l.line === line))).toHaveLength(result.scores.truePositives);
    for (const line of analysis.lines) {
      expect(line.score).toBeGreaterThanOrEqual(1);
      expect(line.reasons[0]).toMatch(/^learned model: probability 0\.\d{3} \(threshold 0\.\d{3}\); most weight: /);
    }
  });

  it('leaves the lines outside its fitted ranges to the default scoring, in a scan and held out', () => {
    const result = learnWeights(prepared, labelled, { objective: parseObjective('f1'), against: [] });
    expect(result.heldOut.defaulted).toBeGreaterThan(0);
    // Fitted on no default finding: every one of them is the default scoring's to decide.
    const model = { ...result.model, fittedRanges: [result.model.fittedRanges[0], null] as typeof result.model.fittedRanges };
    const defaults = detectAnomalies(prepared);
    const analysis = detectAnomalies(prepared, { learned: model });
    const decidedByDefault = analysis.lines.filter((l) => l.reasons[0]!.startsWith('learned model does not decide this line'));
    expect(decidedByDefault.map((l) => `${l.line} ${l.score}`).sort()).toEqual(defaults.lines.map((l) => `${l.line} ${l.score}`).sort());
    for (const line of decidedByDefault) {
      expect(line.reasons[0]).toBe('learned model does not decide this line, the default scoring does (it was fitted on no findings of the default scoring)');
    }
    // A range narrowed to one value: the reason names the signal, its value and what the model saw.
    const [others, findings] = result.model.fittedRanges;
    const semantic = LINE_SIGNALS.indexOf('semanticOutlier');
    const narrowed = { ...findings!, high: findings!.high.map((v, j) => (j === semantic ? findings!.low[j]! : v)) };
    const narrow = detectAnomalies(prepared, { learned: { ...result.model, fittedRanges: [others, narrowed] } });
    const named = narrow.lines.filter((l) => /^learned model does not decide this line, the default scoring does \(semantic outlier score/.test(l.reasons[0]!));
    expect(named.length).toBeGreaterThan(0);
    for (const line of named) {
      expect(line.reasons[0]).toMatch(/\(semantic outlier score \d+\.\d\d; on the findings of the default scoring it was fitted on: only (0|\d+\.\d\d)\)$/);
    }
    // The default scoring's own reasons follow.
    const first = defaults.lines[0]!;
    expect(analysis.lines.find((l) => l.line === first.line)!.reasons.slice(1)).toEqual(first.reasons);
  });

  it('chooses its threshold for an alert budget, on all lines and in every fold', () => {
    const result = learnWeights(prepared, labelled, { objective: parseObjective('precision@5'), against: [] });
    expect(result.scores.flagged).toBeLessThanOrEqual(5);
    expect(result.scores.truePositives).toBe(result.scores.flagged);
    expect(detectAnomalies(prepared, { learned: result.model }).lines).toHaveLength(result.scores.flagged);
    // Each fold may flag at most its share of the budget (5 × its share of the lines, rounded).
    expect(result.heldOut.flagged).toBeLessThanOrEqual(5 + result.heldOut.folds);
  });

  it('is kept only when it beats what it is compared with held out', () => {
    const nothing = lineScores(0, 0, 12, labelled.labels.length - 12);
    expect(learnWeights(prepared, labelled, { objective: parseObjective('f1'), against: [nothing] }).beats).toBe(true);
  });

  it('refuses, at the library boundary, a model fitted on other signals', () => {
    const result = learnWeights(prepared, labelled, { objective: parseObjective('f1'), against: [] });
    const renamed = { ...result.model, signals: [...LINE_SIGNALS].reverse() };
    expect(() => detectAnomalies(prepared, { learned: renamed })).toThrow(/option learned: the logistic-regression model was fitted on the signals/);
    expect(() => detectAnomalies(prepared, { learned: { ...result.model, threshold: 1 } })).toThrow(/threshold 1: must be above 0 and below 1/);
  });
});
