// The production path: neighbourhoods from the real HNSW index must give the exact DBSCAN labels.

import { describe, expect, it } from 'vitest';
import { dbscan, type NeighborSource } from '../../src/cluster/dbscan.js';
import { VectorIndex } from '../../src/index/vector-index.js';
import { cachedNeighbors } from '../../src/pipeline/semantic-outliers.js';

function randomUnitVectors(count: number, dim: number, centers: number, seed: number): Float32Array {
  let state = seed;
  const random = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
  const middles = Array.from({ length: centers }, () => Array.from({ length: dim }, random));
  const out = new Float32Array(count * dim);
  for (let i = 0; i < count; i++) {
    const center = middles[i % centers]!;
    // Spreads from tight to scattered: dense cores, sparser edges (borders) and noise.
    const spread = 0.04 + 0.05 * (i % 12);
    let norm = 0;
    for (let d = 0; d < dim; d++) norm += (out[i * dim + d] = center[d]! + spread * random()) ** 2;
    for (let d = 0; d < dim; d++) out[i * dim + d]! /= Math.sqrt(norm);
  }
  return out;
}

function bruteForce(vectors: Float32Array, dim: number): NeighborSource {
  const n = vectors.length / dim;
  return {
    size: n,
    neighbors(id, k) {
      const order = Array.from({ length: n }, (_, j) => {
        let sum = 0;
        for (let d = 0; d < dim; d++) sum += (vectors[id * dim + d]! - vectors[j * dim + d]!) ** 2;
        return { j, dist: Math.sqrt(sum) };
      }).sort((a, b) => a.dist - b.dist || a.j - b.j);
      const top = order.slice(0, k);
      return { ids: top.map((o) => o.j), distances: top.map((o) => o.dist) };
    },
  };
}

describe('dbscan over the HNSW index', () => {
  it.each([1, 2, 3])('labels core, border and noise as brute force does (seed %i)', (seed) => {
    const dim = 16;
    const vectors = randomUnitVectors(400, dim, 5, seed);
    const counts = Array.from({ length: 400 }, (_, i) => 1 + (i % 4 === 0 ? 3 : 0));
    const index = VectorIndex.build(vectors, dim);
    const options = { eps: 0.45, minSamples: 6 };
    const viaIndex = dbscan(cachedNeighbors(index, vectors, dim), counts, options);
    const exact = dbscan(bruteForce(vectors, dim), counts, options);
    expect([...viaIndex.kinds]).toEqual([...exact.kinds]);
    expect(viaIndex.clusterCount).toBe(exact.clusterCount);
    expect(new Set(viaIndex.kinds)).toEqual(new Set([0, 1, 2]));
  });
});
