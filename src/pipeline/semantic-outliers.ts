// The semantic detector over distinct texts: HNSW index → weighted DBSCAN → outlier scores and the
// nearest normal texts that explain each outlier.

import { dbscan, PointKind, type DbscanResult, type NeighborSource } from '../cluster/dbscan.js';
import { rowOf, type NeighborRows } from '../index/neighbor-rows.js';
import type { Neighbors, VectorIndex } from '../index/vector-index.js';

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

/** A cachedNeighbors() source; answers computed elsewhere can be handed to it. */
export interface CachedNeighbors extends NeighborSource {
  /** What neighbors(id, k) would answer without querying the index, or undefined when it would query. */
  peek(id: number, k: number): Neighbors | undefined;
  /**
   * Answers for exactly `rows.k` neighbours (nearestRows over the same index), used when neighbors()
   * would query for that k: the answer is the query's, only computed ahead, perhaps in another thread.
   */
  addAnswers(rows: NeighborRows): void;
}

/**
 * Queries the index with the stored vector of `id` (so every text is its own nearest neighbour) and
 * keeps the longest answer per text: clustering again with other settings (tune) costs no query.
 * `ahead` holds answers computed up front (index/neighbor-rows.ts); they are the same answers.
 *
 * Shorter requests are served from the longest answer, as they always were; an answer handed over by
 * addAnswers is used only for the very k it was asked with. Not for a smaller k: hnswlib drops the
 * farthest of max(efSearch, k) candidates down to k, choosing among texts tied at the k-th distance
 * (duplicates, common on logs) as its heap happens to, so a prefix of a longer answer can hold other
 * texts, and change a nearest core.
 */
export function cachedNeighbors(index: VectorIndex, vectors: Float32Array, dim: number, ahead: readonly NeighborRows[] = []): CachedNeighbors {
  const cache: Array<Neighbors | undefined> = new Array(index.size);
  const answers = new Map<number, NeighborRows[]>();
  const known = (id: number): Neighbors | undefined => {
    let found = cache[id];
    if (found === undefined) {
      for (const rows of ahead) found ??= rowOf(rows, id);
      cache[id] = found;
    }
    return found;
  };
  const prefix = (id: number, wanted: number): Neighbors | undefined => {
    const longest = known(id);
    if (!longest || longest.ids.length < wanted) return undefined;
    return longest.ids.length === wanted ? longest : { ids: longest.ids.slice(0, wanted), distances: longest.distances.slice(0, wanted) };
  };
  const answered = (id: number, wanted: number): Neighbors | undefined => {
    let found: Neighbors | undefined;
    for (const rows of answers.get(wanted) ?? []) found ??= rowOf(rows, id);
    return found;
  };
  return {
    size: index.size,
    neighbors(id, k) {
      const wanted = Math.min(k, index.size);
      const served = prefix(id, wanted);
      if (served) return served;
      const found = answered(id, wanted) ?? index.searchEuclidean(vectors.subarray(id * dim, (id + 1) * dim), wanted);
      cache[id] = found;
      return found;
    },
    peek(id, k) {
      const wanted = Math.min(k, index.size);
      return prefix(id, wanted) ?? answered(id, wanted);
    },
    addAnswers(rows) {
      const list = answers.get(rows.k);
      if (list) list.push(rows);
      else answers.set(rows.k, [rows]);
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
