// VectorIndex hands hnswlib-node one reused array per point: consecutive calls must not see each
// other's point, and a point of the wrong size is an error, as hnswlib's own check made it before.

import { describe, expect, it } from 'vitest';
import { cosineToEuclidean, VectorIndex } from '../../src/index/vector-index.js';

/** The unit vectors along the axes of a 4-dimensional space, and one between the first two. */
const AXES = Float32Array.from([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, Math.SQRT1_2, Math.SQRT1_2, 0, 0]);

describe('VectorIndex', () => {
  it('answers each query for its own point, one after the other', () => {
    const index = VectorIndex.build(AXES, 4);
    for (let id = 0; id < 4; id++) {
      const found = index.searchEuclidean(AXES.subarray(id * 4, id * 4 + 4), 1);
      expect(found.ids).toEqual([id]);
      expect(found.distances[0]).toBeCloseTo(0, 6);
    }
    // The diagonal point lies at 45° from the first two axes: cosine distance 1 − √½, and √2 from the others.
    const diagonal = index.searchEuclidean(AXES.subarray(16, 20), 5);
    expect(diagonal.ids[0]).toBe(4);
    expect(new Set(diagonal.ids.slice(1, 3))).toEqual(new Set([0, 1]));
    expect(diagonal.distances[1]).toBeCloseTo(cosineToEuclidean(1 - Math.SQRT1_2), 6);
    expect(diagonal.distances[3]).toBeCloseTo(Math.SQRT2, 6);
    expect(diagonal.distances).toEqual([...diagonal.distances].sort((a, b) => a - b));
  });

  it('indexes rows added one call at a time in order', () => {
    const index = VectorIndex.create(4, {}, 2);
    index.add(AXES.subarray(0, 8));
    index.add(AXES.subarray(8, 20));
    expect(index.size).toBe(5);
    expect(index.search(AXES.subarray(12, 16), 1).ids).toEqual([3]);
  });

  it('refuses a query or rows of the wrong size', () => {
    const index = VectorIndex.build(AXES, 4);
    expect(() => index.search([1, 0, 0], 1)).toThrow(RangeError);
    expect(() => index.add(Float32Array.from([1, 0, 0, 0, 0, 1]))).toThrow(/no whole number of vectors of dimension 4/);
    expect(index.size).toBe(5);
  });
});
