// Worker thread of BackgroundIndex: adds vectors to an HNSW index as they arrive, in id order, writes
// the finished index to the file the main thread names, and then answers one request for the
// nearest neighbours of a range of texts. It runs in a worker thread with its own module graph, so it
// imports only the index modules (and, through them, hnswlib and errors.ts).

import { parentPort, workerData } from 'node:worker_threads';
import { nearestRows, type NeighborRows } from './neighbor-rows.js';
import { VectorIndex, type HnswOptions } from './vector-index.js';

export interface IndexWorkerData {
  dim: number;
  options: HnswOptions;
}

export type IndexRequest =
  | { type: 'add'; vectors: Float32Array }
  | { type: 'save'; path: string }
  /** `queries` holds the vectors of ids from, from+1, …: the worker keeps no copy of its own. */
  | { type: 'neighbors'; from: number; queries: Float32Array; k: number }
  | { type: 'close' };

export type IndexReply = { type: 'saved'; count: number } | { type: 'neighbors'; rows: NeighborRows } | { type: 'failed'; message: string };

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
        const rows = nearestRows(index, request.queries, request.from, request.k);
        port.postMessage({ type: 'neighbors', rows } satisfies IndexReply, [rows.lengths.buffer, rows.ids.buffer, rows.distances.buffer]);
        port.close(); // the last request: the thread ends and frees its index
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
