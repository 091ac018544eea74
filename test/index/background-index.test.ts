// The index built in the worker thread must be the index VectorIndex.build makes in-process, and any
// trouble with the worker must fall back to that build with a warning.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BackgroundIndex } from '../../src/index/background-index.js';
import { rowOf, type NeighborRows } from '../../src/index/neighbor-rows.js';
import { VectorIndex } from '../../src/index/vector-index.js';
import { cachedNeighbors } from '../../src/pipeline/semantic-outliers.js';

const DIM = 24;

function unitVectors(count: number, seed: number): Float32Array {
  let state = seed;
  const random = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
  const out = new Float32Array(count * DIM);
  for (let i = 0; i < count; i++) {
    let norm = 0;
    for (let d = 0; d < DIM; d++) norm += (out[i * DIM + d] = random()) ** 2;
    for (let d = 0; d < DIM; d++) out[i * DIM + d]! /= Math.sqrt(norm);
  }
  return out;
}

/** Feeds `vectors` in uneven chunks, as the embedding feed does. */
function feed(indexer: BackgroundIndex, vectors: Float32Array, rowsPerChunk: number[]): void {
  let row = 0;
  for (let i = 0; row * DIM < vectors.length; i++) {
    const rows = rowsPerChunk[i % rowsPerChunk.length]!;
    indexer.add(vectors.subarray(row * DIM, (row + rows) * DIM));
    row += rows;
  }
}

/** Every row of `rows` is the answer an index built here gives for the text's own vector. */
function expectAnswersOnDemand(rows: NeighborRows, vectors: Float32Array, k: number): void {
  const onDemand = VectorIndex.build(vectors, DIM);
  for (let id = 0; id < vectors.length / DIM; id++) expect(rowOf(rows, id)).toEqual(onDemand.searchEuclidean(vectors.subarray(id * DIM, (id + 1) * DIM), k));
}

/** An indexer fed `vectors` in one go, and the index it finished with. */
async function indexed(vectors: Float32Array, warnings: string[], workerFile?: string) {
  const indexer = workerFile === undefined ? new BackgroundIndex(DIM) : new BackgroundIndex(DIM, {}, workerFile);
  feed(indexer, vectors, [vectors.length / DIM]);
  return { indexer, index: await indexer.finish(vectors, warnings) };
}

function allNeighbors(index: VectorIndex, vectors: Float32Array, k: number) {
  return Array.from({ length: vectors.length / DIM }, (_, id) => index.search(vectors.subarray(id * DIM, (id + 1) * DIM), k));
}

const scratch = mkdtempSync(join(tmpdir(), 'semlog-background-index-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('BackgroundIndex', () => {
  it('builds the same graph as VectorIndex.build: every query gives the same ids and distances', async () => {
    // 2,600 points cross the worker's doubling capacity (1,024 → 2,048 → 4,096).
    const vectors = unitVectors(2_600, 7);
    const indexer = new BackgroundIndex(DIM);
    const warnings: string[] = [];
    try {
      feed(indexer, vectors, [512, 1, 300, 77]);
      const background = await indexer.finish(vectors, warnings);
      expect(warnings).toEqual([]);
      expect(indexer.builtBy).toBe('worker');
      expect(background.size).toBe(2_600);
      expect(allNeighbors(background, vectors, 10)).toEqual(allNeighbors(VectorIndex.build(vectors, DIM), vectors, 10));
    } finally {
      await indexer.close();
    }
  });

  it('looks up the neighbours of every text in two threads, with the answers the index gives on demand', async () => {
    const vectors = unitVectors(1_501, 11);
    const indexer = new BackgroundIndex(DIM);
    const warnings: string[] = [];
    try {
      feed(indexer, vectors, [400]);
      const index = await indexer.finish(vectors, warnings);
      const rows = await indexer.neighborRows(index, vectors, 16, warnings);
      expect(warnings).toEqual([]);
      expect(rows.map((r) => [r.from, r.to, r.k])).toEqual([[0, 1_501, 16]]);
      // 1,501 texts in chunks of 64: 24 chunks, each filled by one thread or the other.
      expect(indexer.lastShare?.chunks).toBe(24);
      const onDemand = VectorIndex.build(vectors, DIM);
      const withRows = cachedNeighbors(index, vectors, DIM, rows);
      const without = cachedNeighbors(onDemand, vectors, DIM);
      for (let id = 0; id < 1_501; id++) {
        const row = rows.map((r) => rowOf(r, id)).find((found) => found !== undefined)!;
        expect(row).toEqual(onDemand.searchEuclidean(vectors.subarray(id * DIM, (id + 1) * DIM), 16));
        for (const k of [3, 16, 40]) expect(withRows.neighbors(id, k)).toEqual(without.neighbors(id, k));
      }
    } finally {
      await indexer.close();
    }
  });

  it('lets the worker take the lookups while the main thread works on something else', async () => {
    const vectors = unitVectors(1_000, 13);
    const warnings: string[] = [];
    const { indexer, index } = await indexed(vectors, warnings);
    try {
      let calls = 0;
      // Busy until the worker has filled every chunk: it does not wait for this thread.
      const meanwhile = () => {
        calls++;
        while (indexer.sharedChunksDone < 16) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
      };
      const rows = await indexer.neighborRows(index, vectors, 8, warnings, undefined, meanwhile);
      expect(calls).toBe(1);
      expect(indexer.lastShare).toEqual({ chunks: 16, byWorker: 16 });
      expect(warnings).toEqual([]);
      expectAnswersOnDemand(rows[0]!, vectors, 8);
    } finally {
      await indexer.close();
    }
  });

  it('looks up what the worker left when it fails in the middle of a shared lookup, with a warning', async () => {
    // A worker that builds the index as the real one does, but fails after one chunk of a shared lookup.
    const dist = (path: string) => JSON.stringify(new URL(`../../dist/index/${path}`, import.meta.url).href);
    const failing = join(scratch, 'failing-share-worker.mjs');
    writeFileSync(
      failing,
      `import { parentPort, workerData } from 'node:worker_threads';
import { VectorIndex } from ${dist('vector-index.js')};
import { fillRows } from ${dist('neighbor-rows.js')};
const index = VectorIndex.create(workerData.dim, workerData.options);
parentPort.on('message', (request) => {
  if (request.type === 'add') index.add(request.vectors);
  else if (request.type === 'save') { index.save(request.path); parentPort.postMessage({ type: 'saved', count: index.size }); }
  else if (request.type === 'share') {
    const { job } = request;
    const c = Atomics.add(job.claim, 0, 1);
    fillRows(index, job.queries, job.rows, c * job.chunk, Math.min(job.rows.to, (c + 1) * job.chunk));
    Atomics.store(job.done, c, 1);
    Atomics.add(job.claim, 0, 1); // takes a second chunk and dies on it
    parentPort.postMessage({ type: 'failed', message: 'out of memory' });
  } else if (request.type === 'close') parentPort.close();
});
`,
    );
    const vectors = unitVectors(700, 17);
    const warnings: string[] = [];
    const { indexer, index } = await indexed(vectors, warnings, failing);
    try {
      expect(indexer.builtBy).toBe('worker');
      // The main thread takes no chunk before the worker has filled its first: the worker then fails
      // in the middle, holding a chunk it never fills.
      const meanwhile = () => {
        while (indexer.sharedChunksDone === 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
      };
      const rows = await indexer.neighborRows(index, vectors, 6, warnings, undefined, meanwhile);
      expect(warnings).toEqual(['index worker failed: out of memory; the main thread looks up the other neighbours']);
      expect(indexer.lastShare).toEqual({ chunks: 11, byWorker: 0 });
      expect(indexer.sharedChunksDone).toBe(0); // no lookup in progress any more
      expectAnswersOnDemand(rows[0]!, vectors, 6);
    } finally {
      await indexer.close();
    }
  });

  it('falls back to building on the main thread, with a warning, when the worker dies', async () => {
    const broken = join(scratch, 'broken-worker.mjs');
    writeFileSync(broken, "throw new Error('no hnswlib here');\n");
    const vectors = unitVectors(300, 3);
    const indexer = new BackgroundIndex(DIM, {}, broken);
    const warnings: string[] = [];
    try {
      feed(indexer, vectors, [100]);
      const index = await indexer.finish(vectors, warnings);
      expect(warnings).toEqual(['index worker failed: no hnswlib here; the index was built on the main thread']);
      expect(indexer.builtBy).toBe('main thread');
      expect(allNeighbors(index, vectors, 5)).toEqual(allNeighbors(VectorIndex.build(vectors, DIM), vectors, 5));
      // Without the worker, the main thread looks up every row itself.
      const rows = await indexer.neighborRows(index, vectors, 5, warnings);
      expect(rows.map((r) => [r.from, r.to])).toEqual([[0, 300]]);
      expect(warnings).toHaveLength(1);
    } finally {
      await indexer.close();
    }
  });

  it('builds an empty index without the worker, and close() ends an unused worker by asking it, not by the grace timer', async () => {
    const indexer = new BackgroundIndex(DIM);
    const warnings: string[] = [];
    const index = await indexer.finish(new Float32Array(0), warnings);
    expect(index.size).toBe(0);
    expect(indexer.builtBy).toBe('main thread');
    expect(warnings).toEqual([]);
    await indexer.close();
    await indexer.close();
    // 0: the worker took the close request and ended; terminate(), after the grace period, gives 1.
    expect(indexer.workerExitCode).toBe(0);
  });

  it('stops waiting when the scan is aborted', async () => {
    const vectors = unitVectors(2_000, 5);
    const indexer = new BackgroundIndex(DIM);
    const controller = new AbortController();
    try {
      feed(indexer, vectors, [2_000]);
      const finishing = indexer.finish(vectors, [], controller.signal);
      controller.abort(new Error('interrupted'));
      await expect(finishing).rejects.toThrow('interrupted');
    } finally {
      await indexer.close();
    }
  });
});
