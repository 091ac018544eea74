// The nearest neighbours of indexed texts, in flat typed arrays that cross threads without copying.
// The DBSCAN's first pass asks for every text's neighbours; computing them up front, in the main
// thread and the index worker at once, halves that pass (see background-index.ts). Rows for a list of
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
  /** Entries filled per row (hnswlib may return fewer than k). In shared memory when two threads fill them (sharedRowsJob). */
  lengths: Uint16Array<ArrayBufferLike>;
  ids: Int32Array<ArrayBufferLike>;
  /** Euclidean distances, ascending per row; doubles, exactly what searchEuclidean returns. */
  distances: Float64Array<ArrayBufferLike>;
}

/** Rows in memory of their own, which can be transferred to another thread. */
export interface TransferableRows extends NeighborRows {
  lengths: Uint16Array<ArrayBuffer>;
  ids: Int32Array<ArrayBuffer>;
  distances: Float64Array<ArrayBuffer>;
}

/**
 * Rows of searchEuclidean(query, k) for the texts from, from+1, … (or for `rowIds`, ascending), whose
 * own vectors are the rows of `queries` (row-major), so that every text is its own nearest neighbour.
 */
export function nearestRows(index: VectorIndex, queries: Float32Array, from: number, k: number, signal?: AbortSignal, rowIds?: Int32Array<ArrayBuffer>): TransferableRows {
  const rows = queries.length / index.dim;
  const wanted = Math.min(k, index.size);
  const out: TransferableRows = {
    k: wanted,
    from: rowIds ? (rowIds[0] ?? 0) : from,
    to: rowIds ? (rowIds.at(-1) ?? -1) + 1 : from + rows,
    ...(rowIds && { rowIds }),
    lengths: new Uint16Array(rows),
    ids: new Int32Array(rows * wanted),
    distances: new Float64Array(rows * wanted),
  };
  fillRows(index, queries, out, 0, rows, signal);
  return out;
}

/**
 * Rows `first`..`end`−1 of `out`, each the searchEuclidean(query, out.k) of the row's own vector:
 * row r's query is row r of `queries` (row-major).
 */
export function fillRows(index: VectorIndex, queries: Float32Array<ArrayBufferLike>, out: NeighborRows, first: number, end: number, signal?: AbortSignal): void {
  const dim = index.dim;
  for (let row = first; row < end; row++) {
    if ((row - first) % 1024 === 0) throwIfAborted(signal);
    const found = index.searchEuclidean(queries.subarray(row * dim, (row + 1) * dim), out.k);
    out.lengths[row] = found.ids.length;
    out.ids.set(found.ids, row * out.k);
    out.distances.set(found.distances, row * out.k);
  }
}

/**
 * Every text's row in shared memory, cut into chunks that the main thread and the index worker take
 * in turn (background-index.ts): whichever thread is free takes the next one, so the work splits
 * itself, whatever else either thread has to do meanwhile.
 */
export interface SharedRowsJob {
  /** Row r's query is row r (row-major), in shared memory. */
  queries: Float32Array<ArrayBufferLike>;
  rows: NeighborRows;
  /** The next chunk to take. */
  claim: Int32Array<ArrayBufferLike>;
  /** 1 for each chunk filled. */
  done: Uint8Array<ArrayBufferLike>;
  /** Rows per chunk. */
  chunk: number;
}

/**
 * Room for `length` vector numbers in shared memory: the scan's vectors are kept there, so that the
 * index worker reads them for a shared lookup without a copy of them all.
 */
export function sharedVectors(length: number): Float32Array<SharedArrayBuffer> {
  return new Float32Array(new SharedArrayBuffer(length * Float32Array.BYTES_PER_ELEMENT));
}

/** A job over the first `n` rows of `vectors` (copied to shared memory unless they are there already). */
export function sharedRowsJob(vectors: Float32Array, dim: number, n: number, k: number, chunk: number): SharedRowsJob {
  const wanted = vectors.subarray(0, n * dim);
  let queries: Float32Array<ArrayBufferLike> = wanted;
  if (!(wanted.buffer instanceof SharedArrayBuffer)) {
    queries = sharedVectors(wanted.length);
    queries.set(wanted);
  }
  const rows: NeighborRows = {
    k,
    from: 0,
    to: n,
    lengths: new Uint16Array(new SharedArrayBuffer(n * Uint16Array.BYTES_PER_ELEMENT)),
    ids: new Int32Array(new SharedArrayBuffer(n * k * Int32Array.BYTES_PER_ELEMENT)),
    distances: new Float64Array(new SharedArrayBuffer(n * k * Float64Array.BYTES_PER_ELEMENT)),
  };
  const chunks = Math.ceil(n / chunk);
  return { queries, rows, claim: new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT)), done: new Uint8Array(new SharedArrayBuffer(chunks)), chunk };
}

/** Fills the chunks no thread has taken yet, one at a time, until none is left; returns how many it filled. */
export function takeChunks(index: VectorIndex, job: SharedRowsJob, signal?: AbortSignal): number {
  const { claim, done } = job;
  let taken = 0;
  for (let c = Atomics.add(claim, 0, 1); c < done.length; c = Atomics.add(claim, 0, 1)) {
    fillChunk(index, job, c, signal);
    Atomics.store(done, c, 1);
    taken++;
  }
  return taken;
}

/** Fills chunk `c` of a job's rows. */
function fillChunk(index: VectorIndex, job: SharedRowsJob, c: number, signal?: AbortSignal): void {
  fillRows(index, job.queries, job.rows, c * job.chunk, Math.min(job.rows.to, (c + 1) * job.chunk), signal);
}

/** Fills the chunks that are not marked done (those a failed thread took), here. */
export function fillUndone(index: VectorIndex, job: SharedRowsJob, signal?: AbortSignal): number {
  const { done } = job;
  let filled = 0;
  for (let c = 0; c < done.length; c++) {
    // Atomics.load, not a plain read: it also makes the other thread's rows of a done chunk visible here.
    if (Atomics.load(done, c) === 1) continue;
    fillChunk(index, job, c, signal);
    done[c] = 1;
    filled++;
  }
  return filled;
}

/** Leaves no chunk for another thread to take (a thread that gives up stops the other too). */
export function closeJob(job: SharedRowsJob): void {
  Atomics.store(job.claim, 0, job.done.length);
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
