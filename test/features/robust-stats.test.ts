// The median by selection must be the median of a sort, on samples shaped like the structured
// scorer's (mostly equal values: most clients send one request) and on any other.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { median, robustLocationScale, selectInPlace } from '../../src/features/robust-stats.js';

/** The median as a sort gives it (the implementation before selection). */
function sortedMedian(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

describe('median', () => {
  it('is the middle value, or the mean of the two middle ones (hand-computed)', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
    expect(median([])).toBeNaN();
    expect(median([2, 2, 2, 1, 9, 2])).toBe(2);
  });

  it('equals the median of a sort: few distinct values, many, negatives, odd and even lengths', () => {
    const samples = fc.oneof(
      fc.array(fc.constantFrom(0, 1, 1, 1, 1, 2, Math.log1p(3)), { maxLength: 400 }),
      fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { maxLength: 400 }),
      fc.array(fc.integer({ min: -3, max: 3 }), { maxLength: 60 }),
    );
    fc.assert(
      fc.property(samples, (values) => {
        expect(Object.is(median(values), sortedMedian(values)) || median(values) === sortedMedian(values)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('sorts a sample with NaN, as before (NaN last)', () => {
    expect(median([3, Number.NaN, 1])).toBe(sortedMedian([3, Number.NaN, 1]));
    expect(median([Number.NaN, Number.NaN, 1])).toBeNaN();
  });

  it('of a large sample of ones with a few outliers, as the request counts of a CDN log', () => {
    const values = Array.from({ length: 200_001 }, (_, i) => (i % 1000 === 0 ? 50 + (i % 7) : 1));
    expect(median(values)).toBe(1);
    expect(robustLocationScale(values)).toEqual({ center: 1, scale: robustLocationScaleBySort(values) });
  });
});

describe('selectInPlace', () => {
  it('puts the k-th smallest at k, with nothing larger before it and nothing smaller after it', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 200 }), fc.nat(), (values, at) => {
        const k = at % values.length;
        const array = Float64Array.from(values);
        const kth = selectInPlace(array, k);
        expect(kth).toBe([...values].sort((a, b) => a - b)[k]);
        expect(array[k]).toBe(kth);
        for (let i = 0; i < k; i++) expect(array[i]).toBeLessThanOrEqual(kth);
        for (let i = k + 1; i < array.length; i++) expect(array[i]).toBeGreaterThanOrEqual(kth);
      }),
      { numRuns: 500 },
    );
  });

  it('stays correct on organ-pipe and sawtooth orders, which give poor median-of-three pivots', () => {
    // Organ-pipe and sawtooth orders, which make poor pivots round after round.
    const n = 5000;
    const organ = Float64Array.from({ length: n }, (_, i) => (i < n / 2 ? i : n - i));
    const saw = Float64Array.from({ length: n }, (_, i) => i % 17);
    for (const array of [organ, saw]) {
      const expected = [...array].sort((a, b) => a - b);
      for (const k of [0, 1, n >> 1, n - 1]) expect(selectInPlace(Float64Array.from(array), k)).toBe(expected[k]);
    }
  });
});

/** robustLocationScale's scale with both medians taken by a sort. */
function robustLocationScaleBySort(values: readonly number[]): number {
  const center = sortedMedian(values);
  const deviations = values.map((v) => Math.abs(v - center));
  const mad = 1.4826 * sortedMedian(deviations);
  return mad === 0 ? 1.2533 * (deviations.reduce((a, b) => a + b, 0) / deviations.length) : mad;
}
