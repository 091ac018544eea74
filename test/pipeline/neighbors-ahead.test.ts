// Looking up the DBSCAN's queries ahead, in two threads, must not change a single neighbour or label:
// the clustering over those answers must equal the clustering that queries the index on demand, as
// it did before (32 neighbours ahead, every wider query made by the DBSCAN), and it must need no query
// of its own.

import { afterEach, describe, expect, it, vi } from 'vitest';
import { dbscan, type DbscanResult, type NeighborSource } from '../../src/cluster/dbscan.js';
import { plannedQueries } from '../../src/cluster/planned-queries.js';
import { BackgroundIndex } from '../../src/index/background-index.js';
import { nearestRows } from '../../src/index/neighbor-rows.js';
import { VectorIndex } from '../../src/index/vector-index.js';
import { neighborsAhead } from '../../src/pipeline/neighbors-ahead.js';
import { PREPARE_DEFAULTS } from '../../src/pipeline/prepare-scan.js';
import { cachedNeighbors } from '../../src/pipeline/semantic-outliers.js';

const DIM = 16;

/**
 * Clusters of varying spread plus scattered points: cores, borders, noise, and cores with many
 * neighbours; every fourth vector repeats an earlier one, as texts with the same vector do in logs, so
 * that neighbours tie at equal distances (hnswlib may keep other tied neighbours for another k).
 */
function clusteredVectors(count: number, seed: number): Float32Array {
  let state = seed;
  const random = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
  const middles = Array.from({ length: 6 }, () => Array.from({ length: DIM }, random));
  const out = new Float32Array(count * DIM);
  for (let i = 0; i < count; i++) {
    const center = middles[i % 6]!;
    const spread = i % 5 === 0 ? 3 : 0.02 + 0.04 * (i % 9);
    if (i % 4 === 3) {
      out.copyWithin(i * DIM, (i - 3) * DIM, (i - 2) * DIM);
      continue;
    }
    let norm = 0;
    for (let d = 0; d < DIM; d++) norm += (out[i * DIM + d] = center[d]! + spread * random()) ** 2;
    for (let d = 0; d < DIM; d++) out[i * DIM + d]! /= Math.sqrt(norm);
  }
  return out;
}

function plain(result: DbscanResult) {
  return { labels: [...result.labels], kinds: [...result.kinds], nearestCore: [...result.nearestCore], coreDistance: [...result.coreDistance], clusters: result.clusterCount };
}

/** Every answer the explanations and a second clustering read afterwards. */
function answers(source: NeighborSource) {
  return Array.from({ length: source.size }, (_, id) => [32, 64, 96, 128].map((k) => source.neighbors(id, k)));
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('neighborsAhead', () => {
  it.each([
    { eps: 0.3, minSamples: 3 },
    { eps: 0.2, minSamples: 4, maxNeighbors: 200 },
  ])('gives the labels and neighbours of on-demand queries, with no query left to the DBSCAN (%o)', async (settings) => {
    const n = 1_800;
    const vectors = clusteredVectors(n, 5);
    const counts = Array.from({ length: n }, (_, i) => 1 + (i % 7 === 0 ? 2 : 0));
    const indexer = new BackgroundIndex(DIM);
    const warnings: string[] = [];
    try {
      indexer.add(vectors);
      const index = await indexer.finish(vectors, warnings);
      expect(indexer.builtBy).toBe('worker');
      const ahead = await neighborsAhead({ indexer, index, vectors, dim: DIM, counts, ahead: PREPARE_DEFAULTS.neighborsAhead, semantic: settings, warnings });
      expect(warnings).toEqual([]);
      expect(plannedQueries(ahead, counts, settings).size).toBe(0);

      // Before: 32 neighbours ahead, computed here, and every wider query made by the DBSCAN itself.
      const before = cachedNeighbors(index, vectors, DIM, [nearestRows(index, vectors, 0, 32)]);
      const queries = vi.spyOn(index, 'searchEuclidean');
      const expected = dbscan(before, counts, settings);
      // The data makes the DBSCAN widen its queries past efSearch (64), to 96 and 128 neighbours.
      expect(queries.mock.calls.some(([, k]) => k > 64)).toBe(true);
      queries.mockClear();
      const result = dbscan(ahead, counts, settings);
      expect(queries).not.toHaveBeenCalled();
      expect(plain(result)).toEqual(plain(expected));
      expect(new Set(result.kinds)).toEqual(new Set([0, 1, 2]));
      queries.mockRestore();
      expect(answers(ahead)).toEqual(answers(before));
    } finally {
      await indexer.close();
    }
  });

  it('plans the first queries alone when the source holds no answer yet', () => {
    const vectors = clusteredVectors(50, 3);
    const index = VectorIndex.build(vectors, DIM);
    const planned = plannedQueries(cachedNeighbors(index, vectors, DIM), new Array(50).fill(1), { eps: 0.3, minSamples: 3 });
    expect([...planned.keys()]).toEqual([3]);
    expect(planned.get(3)).toEqual(Array.from({ length: 50 }, (_, id) => id));
  });
});
