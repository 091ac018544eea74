// The semantic detector over distinct texts: HNSW index → weighted DBSCAN → outlier scores and the
// nearest normal texts that explain each outlier.

import { dbscan, PointKind, type DbscanResult, type NeighborSource } from '../cluster/dbscan.js';
import { rowOf, type NeighborRows } from '../index/neighbor-rows.js';
import type { VectorIndex } from '../index/vector-index.js';

export interface SemanticOptions {
  /** DBSCAN radius as a Euclidean distance between unit vectors (scikit-learn's convention). */
  eps: number;
  minSamples: number;
  /**
   * A DBSCAN outlier is reported when its characters are this rare for the log (bits, see
   * normalize/character-rarity.ts) or when it lies at least `farOutlier` eps from every cluster.
   */
  minRarity: number;
  farOutlier: number;
  /** Neighbours examined per text when following core links or looking for the nearest core. */
  maxNeighbors?: number;
}

/** Chosen on the labelled mixes of bench/quality (see docs/semantic-detector.md). */
export const SEMANTIC_DEFAULTS = Object.freeze({ eps: 0.3, minSamples: 3, minRarity: 8, farOutlier: Infinity });

export interface SemanticResult {
  clusters: DbscanResult;
  /** Nearest-neighbour queries over the indexed texts, Euclidean distances. */
  neighbors: NeighborSource;
}

/** Clusters the indexed texts; `neighbors` should be a cachedNeighbors() source, reused across calls. */
export function detectSemanticOutliers(
  neighbors: NeighborSource,
  counts: ArrayLike<number>,
  options: SemanticOptions,
): SemanticResult {
  const clusters = dbscan(neighbors, counts, {
    eps: options.eps,
    minSamples: options.minSamples,
    ...(options.maxNeighbors !== undefined && { maxNeighbors: options.maxNeighbors }),
  });
  return { clusters, neighbors };
}

/**
 * Queries the index with the stored vector of `id` (so every text is its own nearest neighbour) and
 * keeps the longest answer per text: clustering again with other settings (tune) costs no query.
 * `ahead` holds answers computed up front (index/neighbor-rows.ts); they are the same answers.
 */
export function cachedNeighbors(index: VectorIndex, vectors: Float32Array, dim: number, ahead: readonly NeighborRows[] = []): NeighborSource {
  const cache: Array<{ ids: number[]; distances: number[] } | undefined> = new Array(index.size);
  return {
    size: index.size,
    neighbors(id, k) {
      let known = cache[id];
      if (known === undefined) {
        for (const rows of ahead) known ??= rowOf(rows, id);
        cache[id] = known;
      }
      const wanted = Math.min(k, index.size);
      if (known && known.ids.length >= wanted) {
        return known.ids.length === wanted ? known : { ids: known.ids.slice(0, wanted), distances: known.distances.slice(0, wanted) };
      }
      const found = index.searchEuclidean(vectors.subarray(id * dim, (id + 1) * dim), wanted);
      cache[id] = found;
      return found;
    },
  };
}

/** The `limit` nearest texts that belong to a cluster (core or border): what normal looked like nearby. */
export function nearestNormal(result: SemanticResult, id: number, limit: number): Array<{ id: number; distance: number }> {
  const found = result.neighbors.neighbors(id, Math.min(result.neighbors.size, 32));
  const out: Array<{ id: number; distance: number }> = [];
  for (let j = 0; j < found.ids.length && out.length < limit; j++) {
    const other = found.ids[j]!;
    if (other !== id && result.clusters.kinds[other] !== PointKind.Noise) out.push({ id: other, distance: found.distances[j]! });
  }
  return out;
}
