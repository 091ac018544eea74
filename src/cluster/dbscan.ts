// DBSCAN over distinct texts weighted by how often each occurs, with neighbourhoods from a k-NN source.
//
// A text is a core point when the summed count of the texts within eps (itself included) reaches
// minSamples: the same labels classic DBSCAN gives on the raw, duplicated lines, without embedding or
// comparing a duplicate twice. Neighbourhoods come from k-nearest-neighbour queries (HNSW in
// production) instead of an O(n²) scan:
// - a core test needs at most minSamples neighbours (every distinct text weighs at least 1);
// - a non-core text has fewer than minSamples texts within eps, so k = minSamples returns all of them,
//   which makes the border/noise decision exact up to the index's recall;
// - links between core texts are followed as far as `maxNeighbors`; denser regions are connected
//   through many other core texts anyway.

export interface NeighborSource {
  readonly size: number;
  /** The k nearest ids to `id` with their Euclidean distances, ascending (`id` itself may be included). */
  neighbors(id: number, k: number): { ids: ArrayLike<number>; distances: ArrayLike<number> };
}

export interface DbscanOptions {
  /** Neighbourhood radius, Euclidean distance between unit vectors (as scikit-learn's DBSCAN). */
  eps: number;
  /** Summed count of texts within eps (itself included) that makes a core text. */
  minSamples: number;
  /** Most neighbours examined per text when following core links or looking for the nearest core. */
  maxNeighbors?: number;
}

export const PointKind = Object.freeze({ Noise: 0, Border: 1, Core: 2 });

export interface DbscanResult {
  /** Cluster per text; -1 for noise. */
  labels: Int32Array;
  kinds: Uint8Array;
  /** Nearest core text found (itself for a core), -1 when none was found within maxNeighbors. */
  nearestCore: Int32Array;
  /** Euclidean distance to `nearestCore`; for -1, a lower bound (the farthest neighbour examined). */
  coreDistance: Float32Array;
  clusterCount: number;
}

const DEFAULT_MAX_NEIGHBORS = 128;

type Found = { ids: ArrayLike<number>; distances: ArrayLike<number> };

/** The neighbours dbscan() asks for first, and the most it examines per text. */
export function dbscanLimits(n: number, options: DbscanOptions): { firstK: number; maxNeighbors: number } {
  const maxNeighbors = Math.max(options.maxNeighbors ?? DEFAULT_MAX_NEIGHBORS, options.minSamples);
  return { firstK: Math.min(n, Math.max(options.minSamples, 2)), maxNeighbors };
}

export function dbscan(source: NeighborSource, counts: ArrayLike<number>, options: DbscanOptions): DbscanResult {
  const n = source.size;
  const { eps, minSamples } = options;
  const { firstK, maxNeighbors } = dbscanLimits(n, options);
  const kinds = new Uint8Array(n);
  const cached: Found[] = new Array(n);

  for (let id = 0; id < n; id++) {
    const found = source.neighbors(id, firstK);
    cached[id] = found;
    if (isCore(id, found, counts, eps, minSamples)) kinds[id] = PointKind.Core;
  }

  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]!]!;
      x = parent[x]!;
    }
    return x;
  };
  for (let id = 0; id < n; id++) {
    if (kinds[id] !== PointKind.Core) continue;
    const found = withinEpsComplete(source, id, cached[id]!, eps, maxNeighbors, n);
    for (let j = 0; j < found.ids.length && found.distances[j]! <= eps; j++) {
      const other = found.ids[j]!;
      if (kinds[other] === PointKind.Core) parent[find(other)] = find(id);
    }
  }

  const labels = new Int32Array(n).fill(-1);
  const clusterOfRoot = new Map<number, number>();
  for (let id = 0; id < n; id++) {
    if (kinds[id] !== PointKind.Core) continue;
    const root = find(id);
    let cluster = clusterOfRoot.get(root);
    if (cluster === undefined) clusterOfRoot.set(root, (cluster = clusterOfRoot.size));
    labels[id] = cluster;
  }

  const nearestCore = new Int32Array(n).fill(-1);
  const coreDistance = new Float32Array(n);
  for (let id = 0; id < n; id++) {
    if (kinds[id] === PointKind.Core) {
      nearestCore[id] = id;
      continue;
    }
    const { core, distance } = findNearestCore(source, id, cached[id]!, kinds, maxNeighbors, n);
    nearestCore[id] = core;
    coreDistance[id] = distance;
    if (core >= 0 && distance <= eps) {
      kinds[id] = PointKind.Border;
      labels[id] = labels[core]!;
    }
  }
  return { labels, kinds, nearestCore, coreDistance, clusterCount: clusterOfRoot.size };
}

/** Whether the texts within eps of `id` (its first answer, itself included) weigh at least minSamples. */
export function isCore(id: number, found: Found, counts: ArrayLike<number>, eps: number, minSamples: number): boolean {
  let mass = counts[id]!;
  for (let j = 0; j < found.ids.length && found.distances[j]! <= eps; j++) {
    if (found.ids[j] !== id) mass += counts[found.ids[j]!]!;
  }
  return mass >= minSamples;
}

/** Widens the query while every neighbour returned is still within eps, so no core link is cut short. */
export function withinEpsComplete(
  source: NeighborSource,
  id: number,
  first: Found,
  eps: number,
  maxNeighbors: number,
  n: number,
): Found {
  let found = first;
  let k = found.ids.length;
  while (k < Math.min(n, maxNeighbors) && found.distances[found.ids.length - 1]! <= eps) {
    k = Math.min(n, maxNeighbors, k * 2);
    found = source.neighbors(id, k);
  }
  return found;
}

/** Widens the query until it holds a core text, or maxNeighbors texts. */
export function findNearestCore(
  source: NeighborSource,
  id: number,
  first: Found,
  kinds: Uint8Array,
  maxNeighbors: number,
  n: number,
): { core: number; distance: number } {
  let found = first;
  for (;;) {
    for (let j = 0; j < found.ids.length; j++) {
      if (kinds[found.ids[j]!] === PointKind.Core) return { core: found.ids[j]!, distance: found.distances[j]! };
    }
    const k = found.ids.length;
    if (k >= Math.min(n, maxNeighbors)) {
      return { core: -1, distance: k > 0 ? found.distances[k - 1]! : Number.POSITIVE_INFINITY };
    }
    found = source.neighbors(id, Math.min(n, maxNeighbors, k * 2));
  }
}
