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

  private constructor(index: hnswlib.HierarchicalNSW, dim: number, efSearch: number) {
    this.#index = index;
    this.dim = dim;
    this.#efSearch = efSearch;
  }

  /** Indexes `vectors` (row-major, `dim` floats each); row i gets id i. */
  static build(vectors: Float32Array, dim: number, options: Partial<HnswOptions> = {}, signal?: AbortSignal): VectorIndex {
    const settings = { ...HNSW_DEFAULTS, ...options };
    const count = vectors.length / dim;
    const index = new hnswlib.HierarchicalNSW('cosine', dim);
    index.initIndex({ maxElements: Math.max(count, 1), m: settings.m, efConstruction: settings.efConstruction, randomSeed: settings.seed });
    for (let id = 0; id < count; id++) {
      if (id % 4096 === 0) throwIfAborted(signal);
      index.addPoint(Array.from(vectors.subarray(id * dim, (id + 1) * dim)), id);
    }
    return new VectorIndex(index, dim, settings.efSearch);
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

  /** The `k` nearest ids to `vector` (the vector's own id included when it is indexed). */
  search(vector: ArrayLike<number>, k: number): Neighbors {
    const wanted = Math.min(k, this.size);
    if (wanted === 0) return { ids: [], distances: [] };
    this.#index.setEf(Math.max(this.#efSearch, wanted));
    const result = this.#index.searchKnn(Array.from(vector), wanted);
    return { ids: result.neighbors, distances: result.distances };
  }
}
