// The nearest neighbours of indexed texts, in flat typed arrays that cross threads without copying.
// The DBSCAN's first pass asks for every text's neighbours; computing them up front, half on the main
// thread and half in the index worker, halves that pass (see background-index.ts). Rows for a list of
// texts (`rowIds`) carry the DBSCAN's wider queries, computed the same way (see planned-queries.ts).

import { throwIfAborted } from '../errors.js';
import type { Neighbors, VectorIndex } from './vector-index.js';

export interface NeighborRows {
  /** Neighbours asked per text (fewer when the index is smaller). */
  k: number;
  /** Ids from..to−1 have a row; row r belongs to id from + r (or to rowIds[r] when given). */
  from: number;
  to: number;
  /** The ids of the rows, ascending, when they are not every id of from..to−1. */
  rowIds?: Int32Array<ArrayBuffer>;
  /** Entries filled per row (hnswlib may return fewer than k). */
  lengths: Uint16Array<ArrayBuffer>;
  ids: Int32Array<ArrayBuffer>;
  /** Euclidean distances, ascending per row; doubles, exactly what searchEuclidean returns. */
  distances: Float64Array<ArrayBuffer>;
}

/**
 * Rows of searchEuclidean(query, k) for the texts from, from+1, … (or for `rowIds`, ascending), whose
 * own vectors are the rows of `queries` (row-major), so that every text is its own nearest neighbour.
 */
export function nearestRows(index: VectorIndex, queries: Float32Array, from: number, k: number, signal?: AbortSignal, rowIds?: Int32Array<ArrayBuffer>): NeighborRows {
  const dim = index.dim;
  const rows = queries.length / dim;
  const wanted = Math.min(k, index.size);
  const out: NeighborRows = {
    k: wanted,
    from: rowIds ? (rowIds[0] ?? 0) : from,
    to: rowIds ? (rowIds.at(-1) ?? -1) + 1 : from + rows,
    ...(rowIds && { rowIds }),
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

/** The vectors of `ids` (row-major), gathered for a query of their rows. */
export function gatherVectors(vectors: Float32Array, dim: number, ids: ArrayLike<number>): Float32Array<ArrayBuffer> {
  const out = new Float32Array(ids.length * dim);
  for (let row = 0; row < ids.length; row++) out.set(vectors.subarray(ids[row]! * dim, (ids[row]! + 1) * dim), row * dim);
  return out;
}

/** The row of `id`, or undefined when `rows` does not cover it. */
export function rowOf(rows: NeighborRows, id: number): Neighbors | undefined {
  if (id < rows.from || id >= rows.to) return undefined;
  const row = rows.rowIds ? findRow(rows.rowIds, id) : id - rows.from;
  if (row < 0) return undefined;
  const start = row * rows.k;
  const end = start + rows.lengths[row]!;
  return { ids: Array.from(rows.ids.subarray(start, end)), distances: Array.from(rows.distances.subarray(start, end)) };
}

/** Binary search of an ascending id list; −1 when absent. */
function findRow(rowIds: Int32Array, id: number): number {
  let low = 0;
  let high = rowIds.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const at = rowIds[middle]!;
    if (at === id) return middle;
    if (at < id) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
}
