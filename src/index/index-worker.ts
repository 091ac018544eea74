// Worker thread of BackgroundIndex: adds vectors to an HNSW index as they arrive, in id order, writes
// the finished index to the file the main thread names, and then answers requests for the nearest
// neighbours of texts until it is asked to close. It runs in a worker thread with its own module graph, so it
// imports only the index modules (and, through them, hnswlib and errors.ts).

import { parentPort, workerData } from 'node:worker_threads';
import { nearestRows, takeChunks, type NeighborRows, type SharedRowsJob } from './neighbor-rows.js';
import { VectorIndex, type HnswOptions } from './vector-index.js';

export interface IndexWorkerData {
  dim: number;
  options: HnswOptions;
}

export type IndexRequest =
  | { type: 'add'; vectors: Float32Array }
  | { type: 'save'; path: string }
  /** `queries` holds the vectors of ids from, from+1, … (or of `rowIds`): the worker keeps no copy of its own. */
  | { type: 'neighbors'; from: number; queries: Float32Array; k: number; rowIds?: Int32Array<ArrayBuffer> }
  /** Every text's row, in chunks that this worker and the main thread take in turn (neighbor-rows.ts). */
  | { type: 'share'; job: SharedRowsJob }
  | { type: 'close' };

export type IndexReply =
  | { type: 'saved'; count: number }
  | { type: 'neighbors'; rows: NeighborRows }
  /** The chunks of a `share` request that the worker filled. */
  | { type: 'shared'; chunks: number }
  | { type: 'failed'; message: string };

const { dim, options } = workerData as IndexWorkerData;
const port = parentPort!;
const index = VectorIndex.create(dim, options);

port.on('message', (request: IndexRequest) => {
  try {
    switch (request.type) {
      case 'add':
        index.add(request.vectors);
        return;
      case 'save':
        index.save(request.path);
        port.postMessage({ type: 'saved', count: index.size } satisfies IndexReply);
        return;
      case 'neighbors': {
        const rows = nearestRows(index, request.queries, request.from, request.k, undefined, request.rowIds);
        const buffers = [rows.lengths.buffer, rows.ids.buffer, rows.distances.buffer, ...(rows.rowIds ? [rows.rowIds.buffer] : [])];
        port.postMessage({ type: 'neighbors', rows } satisfies IndexReply, buffers);
        return;
      }
      case 'share': {
        port.postMessage({ type: 'shared', chunks: takeChunks(index, request.job) } satisfies IndexReply);
        return;
      }
      case 'close':
        port.close();
        return;
    }
  } catch (error) {
    port.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) } satisfies IndexReply);
    port.close();
  }
});
