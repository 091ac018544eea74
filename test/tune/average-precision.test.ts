import { describe, expect, it } from 'vitest';
import { averagePrecision } from '../../src/tune/average-precision.js';

describe('averagePrecision', () => {
  it('is 1 when every positive ranks first, and the hand-computed value otherwise', () => {
    expect(averagePrecision([0.9, 0.8, 0.1], [1, 1, 0])).toBe(1);
    // Ranking: + − + −: precision 1 at the first positive, 2/3 at the second → (1 + 2/3) / 2.
    expect(averagePrecision([4, 3, 2, 1], [1, 0, 1, 0])).toBeCloseTo(5 / 6, 12);
  });

  it('counts a tie as one step: the positives in it share the precision at its end', () => {
    // Scores 5, 5, 5 (one positive among them), then 1 (the other positive):
    // recall 1/2 at precision 1/3, then recall 1 at precision 2/4 → 1/2·1/3 + 1/2·1/2.
    expect(averagePrecision([5, 5, 5, 1], [0, 1, 0, 1])).toBeCloseTo(1 / 6 + 1 / 4, 12);
    // Order inside the tie does not matter.
    expect(averagePrecision([5, 5, 5, 1], [1, 0, 0, 1])).toBeCloseTo(1 / 6 + 1 / 4, 12);
  });

  it('is 0 without positives, and judges only the included items', () => {
    expect(averagePrecision([1, 2], [0, 0])).toBe(0);
    expect(averagePrecision([4, 3, 2, 1], [1, 0, 1, 0], (i) => i !== 1)).toBe(1);
  });
});
