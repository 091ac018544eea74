// Novelty against a baseline: how far each of today's texts is from the nearest text of the clean
// period, in the same Euclidean units as eps.

import type { Baseline } from './baseline-store.js';

export interface Novelty {
  /** Distance to the nearest baseline text. */
  distance: Float32Array;
  /** The nearest baseline text; -1 only for an empty baseline. */
  nearest: Int32Array;
  texts: readonly string[];
}

export function baselineNovelty(baseline: Baseline, vectors: Float32Array, dim: number): Novelty {
  const n = vectors.length / dim;
  const distance = new Float32Array(n);
  const nearest = new Int32Array(n).fill(-1);
  for (let id = 0; id < n; id++) {
    const found = baseline.index.searchEuclidean(vectors.subarray(id * dim, (id + 1) * dim), 1);
    nearest[id] = found.ids[0] ?? -1;
    distance[id] = found.distances[0] ?? Number.POSITIVE_INFINITY;
  }
  return { distance, nearest, texts: baseline.texts };
}
