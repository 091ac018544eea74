// Approximate nearest-neighbour index over unit vectors (hnswlib, cosine), addressed by dense ids 0..n-1.

import hnswlib from 'hnswlib-node';
import { throwIfAborted } from '../errors.js';

export interface HnswOptions {
  /** Graph degree: higher is more accurate and slower to build. */
  m: number;
  /** Candidate list size while building. */
  efConstruction: number;
  /** Candidate list size while searching; raised to k when a query asks for more. */
  efSearch: number;
  seed: number;
}

export const HNSW_DEFAULTS: Readonly<HnswOptions> = Object.freeze({ m: 16, efConstruction: 100, efSearch: 64, seed: 42 });

export interface Neighbors {
  ids: number[];
  /** Cosine distances (1 − cos), ascending. */
  distances: number[];
}

export class VectorIndex {
  readonly #index: hnswlib.HierarchicalNSW;
  readonly #efSearch: number;
  readonly dim: number;
  /**
   * hnswlib-node takes a point only as a plain array, which it copies before it returns: one array,
   * filled in place, serves every call. A new Array.from() per query was ~5 µs of a ~20 µs call's
   * overhead (bench/index/point-array.md).
   */
  readonly #point: number[];

  private constructor(index: hnswlib.HierarchicalNSW, dim: number, efSearch: number) {
    this.#index = index;
    this.dim = dim;
    this.#efSearch = efSearch;
    this.#point = new Array<number>(dim).fill(0);
  }

  /** Indexes `vectors` (row-major, `dim` floats each); row i gets id i. */
  static build(vectors: Float32Array, dim: number, options: Partial<HnswOptions> = {}, signal?: AbortSignal): VectorIndex {
    const index = VectorIndex.create(dim, options, vectors.length / dim);
    index.add(vectors, signal);
    return index;
  }

  /** An empty index that grows with add(); `expected` is the first capacity, doubled when reached. */
  static create(dim: number, options: Partial<HnswOptions> = {}, expected = 1024): VectorIndex {
    const settings = { ...HNSW_DEFAULTS, ...options };
    const index = new hnswlib.HierarchicalNSW('cosine', dim);
    // The graph depends on the seed and the insertion order only, not on the capacity.
    index.initIndex({ maxElements: Math.max(expected, 1), m: settings.m, efConstruction: settings.efConstruction, randomSeed: settings.seed });
    return new VectorIndex(index, dim, settings.efSearch);
  }

  /** Appends `vectors` (row-major); their ids continue from the current size. */
  add(vectors: Float32Array, signal?: AbortSignal): void {
    const dim = this.dim;
    if (vectors.length % dim !== 0) throw new RangeError(`${vectors.length} numbers are no whole number of vectors of dimension ${dim}`);
    const index = this.#index;
    for (let row = 0; row < vectors.length / dim; row++) {
      if (row % 4096 === 0) throwIfAborted(signal);
      const id = index.getCurrentCount();
      if (id === index.getMaxElements()) index.resizeIndex(id * 2);
      index.addPoint(this.#pointOf(vectors, row * dim), id);
    }
  }

  /** Loads an index written by `save`. */
  static load(path: string, dim: number, efSearch = HNSW_DEFAULTS.efSearch): VectorIndex {
    const index = new hnswlib.HierarchicalNSW('cosine', dim);
    index.readIndexSync(path);
    return new VectorIndex(index, dim, efSearch);
  }

  save(path: string): void {
    this.#index.writeIndexSync(path);
  }

  get size(): number {
    return this.#index.getCurrentCount();
  }

  /**
   * The `k` nearest ids to `vector` with Euclidean distances between unit vectors, ascending: the unit
   * of scikit-learn's DBSCAN on normalized embeddings, in which `eps` is given.
   */
  searchEuclidean(vector: ArrayLike<number>, k: number): Neighbors {
    const found = this.search(vector, k);
    const distances = found.distances.map(cosineToEuclidean);
    // hnswlib returns ascending distances, and the DBSCAN relies on it: sorted (stably) only if not.
    if (distances.every((d, i) => i === 0 || distances[i - 1]! <= d)) return { ids: found.ids, distances };
    const order = found.ids.map((id, i) => ({ id, d: distances[i]! })).sort((a, b) => a.d - b.d);
    return { ids: order.map((o) => o.id), distances: order.map((o) => o.d) };
  }

  /** The `k` nearest ids to `vector` (the vector's own id included when it is indexed). */
  search(vector: ArrayLike<number>, k: number): Neighbors {
    if (vector.length !== this.dim) throw new RangeError(`a query of ${vector.length} numbers for an index of dimension ${this.dim}`);
    const wanted = Math.min(k, this.size);
    if (wanted === 0) return { ids: [], distances: [] };
    this.#index.setEf(Math.max(this.#efSearch, wanted));
    const result = this.#index.searchKnn(this.#pointOf(vector, 0), wanted);
    return { ids: result.neighbors, distances: result.distances };
  }

  /** The `dim` numbers of `source` from `offset`, in the one reused array (valid until the next call). */
  #pointOf(source: ArrayLike<number>, offset: number): number[] {
    const point = this.#point;
    for (let j = 0; j < point.length; j++) point[j] = source[offset + j]!;
    return point;
  }
}

/** Cosine distance from the index → Euclidean distance between unit vectors: d = √(2·(1 − cos)). */
export function cosineToEuclidean(cosineDistance: number): number {
  return Math.sqrt(Math.max(0, 2 * cosineDistance));
}
