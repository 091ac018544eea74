import { describe, expect, it } from 'vitest';
import { isBetter, lineScores, parseObjective } from '../../src/tune/objective.js';

describe('parseObjective', () => {
  it('reads the three objectives', () => {
    expect(parseObjective('f1')).toEqual({ kind: 'f1' });
    expect(parseObjective('precision@50')).toEqual({ kind: 'precision-at', maxFlagged: 50 });
    expect(parseObjective('recall@0.01')).toEqual({ kind: 'recall-at-fpr', maxFpr: 0.01 });
    expect(parseObjective('recall@2%')).toEqual({ kind: 'recall-at-fpr', maxFpr: 0.02 });
  });

  it.each(['F2', 'precision@', 'precision@-1', 'recall@1', 'recall@150%'])('rejects %j with the valid forms', (text) => {
    expect(() => parseObjective(text)).toThrow(/unknown objective/);
  });
});

describe('lineScores', () => {
  it('computes precision, recall, F1 and FPR by hand', () => {
    // 10 flagged, 6 of them anomalies, of 8 anomalies and 92 normal lines.
    const s = lineScores(10, 6, 8, 92);
    expect(s.precision).toBeCloseTo(0.6);
    expect(s.recall).toBeCloseTo(0.75);
    expect(s.f1).toBeCloseTo((2 * 0.6 * 0.75) / 1.35);
    expect(s.fpr).toBeCloseTo(4 / 92);
  });

  it('is all zeros when nothing is flagged', () => {
    expect(lineScores(0, 0, 5, 5)).toMatchObject({ precision: 0, recall: 0, f1: 0, fpr: 0 });
  });
});

describe('isBetter', () => {
  const few = lineScores(40, 30, 100, 1000);
  const many = lineScores(80, 50, 100, 1000);
  it('prefers the higher F1', () => {
    // few: P 0.75, R 0.3, F1 0.43; many: P 0.625, R 0.5, F1 0.56.
    expect(isBetter(many, few, { kind: 'f1' })).toBe(true);
    expect(isBetter(few, many, { kind: 'f1' })).toBe(false);
  });

  it('prefers fewer flagged lines for the same catch', () => {
    const budget = { kind: 'precision-at', maxFlagged: 100 } as const;
    expect(isBetter(lineScores(40, 30, 100, 1000), lineScores(41, 30, 100, 1000), budget)).toBe(true);
    expect(isBetter(lineScores(41, 30, 100, 1000), lineScores(40, 30, 100, 1000), budget)).toBe(false);
  });

  it('keeps to the alert budget, scaled by the share of lines judged', () => {
    expect(isBetter(few, many, { kind: 'precision-at', maxFlagged: 50 })).toBe(true);
    expect(isBetter(many, few, { kind: 'precision-at', maxFlagged: 100 })).toBe(true);
    // Half of the lines: a budget of 100 allows 50.
    expect(isBetter(few, many, { kind: 'precision-at', maxFlagged: 100 }, 0.5)).toBe(true);
  });

  it('keeps to the false-positive rate', () => {
    expect(isBetter(few, many, { kind: 'recall-at-fpr', maxFpr: 0.02 })).toBe(true);
    expect(isBetter(many, few, { kind: 'recall-at-fpr', maxFpr: 0.05 })).toBe(true);
  });
});
