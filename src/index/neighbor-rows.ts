// The nearest neighbours of a range of indexed texts, in flat typed arrays that cross threads
// without copying. The DBSCAN's first pass asks for every text's neighbours; computing them up front,
// half on the main thread and half in the index worker, halves that pass (see background-index.ts).

import { throwIfAborted } from '../errors.js';
import type { Neighbors, VectorIndex } from './vector-index.js';

export interface NeighborRows {
  /** Neighbours asked per text (fewer when the index is smaller). */
  k: number;
  /** Ids from..to−1 have a row; row r belongs to id from + r. */
  from: number;
  to: number;
  /** Entries filled per row (hnswlib may return fewer than k). */
  lengths: Uint16Array<ArrayBuffer>;
  ids: Int32Array<ArrayBuffer>;
  /** Euclidean distances, ascending per row; doubles, exactly what searchEuclidean returns. */
  distances: Float64Array<ArrayBuffer>;
}

/**
 * Rows of searchEuclidean(query, k) for the texts from, from+1, …, whose own vectors are the rows of
 * `queries` (row-major), so that every text is its own nearest neighbour.
 */
export function nearestRows(index: VectorIndex, queries: Float32Array, from: number, k: number, signal?: AbortSignal): NeighborRows {
  const dim = index.dim;
  const rows = queries.length / dim;
  const wanted = Math.min(k, index.size);
  const out: NeighborRows = {
    k: wanted,
    from,
    to: from + rows,
    lengths: new Uint16Array(rows),
    ids: new Int32Array(rows * wanted),
    distances: new Float64Array(rows * wanted),
  };
  for (let row = 0; row < rows; row++) {
    if (row % 1024 === 0) throwIfAborted(signal);
    const found = index.searchEuclidean(queries.subarray(row * dim, (row + 1) * dim), wanted);
    out.lengths[row] = found.ids.length;
    out.ids.set(found.ids, row * wanted);
    out.distances.set(found.distances, row * wanted);
  }
  return out;
}

/** The row of `id`, or undefined when `rows` does not cover it. */
export function rowOf(rows: NeighborRows, id: number): Neighbors | undefined {
  if (id < rows.from || id >= rows.to) return undefined;
  const start = (id - rows.from) * rows.k;
  const end = start + rows.lengths[id - rows.from]!;
  return { ids: Array.from(rows.ids.subarray(start, end)), distances: Array.from(rows.distances.subarray(start, end)) };
}
