// Builds the HNSW index in a worker thread while the logs are still being read. A rescan served
// from the embedding cache reads and scores on the main thread while the second core idles, and
// indexing 9,000 distinct texts takes about two seconds: the vectors go to the worker chunk by chunk
// as the cache (or the model) delivers them, so the index is nearly done when the last line is read.
// The worker hands the index over as a file, which loads in milliseconds, and then looks up the
// nearest neighbours together with the main thread: first every text's, in chunks that whichever
// thread is free takes (the main thread may have other work meanwhile), then the wider queries the
// DBSCAN will make, half each (see cluster/planned-queries.ts).
//
// Any trouble with the worker (it fails to start, dies, cannot write the file) costs only time:
// the main thread then does the work itself, as it did before, and a warning says so.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { compiledWorker } from '../compiled-worker.js';
import { startWorker } from '../start-worker.js';
import { throwIfAborted } from '../errors.js';
import type { IndexReply, IndexRequest, IndexWorkerData } from './index-worker.js';
import { closeJob, fillUndone, gatherVectors, nearestRows, sharedRowsJob, takeChunks, type NeighborRows, type SharedRowsJob } from './neighbor-rows.js';
import { HNSW_DEFAULTS, VectorIndex, type HnswOptions } from './vector-index.js';

/** How long close() waits for the worker to finish the request in hand before terminating it. */
const CLOSE_GRACE_MS = 5_000;
/**
 * Texts per chunk of a shared lookup: a few milliseconds of searching, so that neither thread waits
 * long for the other's last chunk, and few enough chunks that taking one costs nothing.
 */
const SHARED_CHUNK_ROWS = 64;

export class BackgroundIndex {
  readonly #dim: number;
  readonly #options: HnswOptions;
  readonly #worker: Worker | undefined;
  /** Why the worker cannot be used; the first reason is kept. */
  #failure: string | undefined;
  #alive = false;
  #exited: Promise<void> = Promise.resolve();
  /** Settles the request in flight with the worker's answer, or with a failure when the worker ends. */
  #answer: ((reply: IndexReply) => void) | undefined;
  #added = 0;
  /** Where finish() built the index; for tests and diagnostics. */
  builtBy: 'worker' | 'main thread' | undefined;
  /** The worker's exit code once it ended: 0 when it took the close request, 1 when it was terminated. */
  workerExitCode: number | undefined;
  /** The last shared lookup (neighborRows): its chunks, and how many of them the worker filled; for tests and diagnostics. */
  lastShare: { chunks: number; byWorker: number } | undefined;
  /** The shared lookup in progress. */
  #job: SharedRowsJob | undefined;

  /** `workerFile` is for tests; by default the compiled index-worker.js. */
  constructor(dim: number, options: Partial<HnswOptions> = {}, workerFile = compiledWorker(import.meta.url, 'index/index-worker.js')) {
    this.#dim = dim;
    this.#options = { ...HNSW_DEFAULTS, ...options };
    if (workerFile === undefined) return; // running from sources without a build: all on the main thread
    try {
      const workerData: IndexWorkerData = { dim, options: this.#options };
      const worker = startWorker(workerFile, { workerData });
      this.#alive = true;
      worker.on('error', (error) => this.#fail(`index worker failed: ${error.message}`));
      worker.on('message', (reply: IndexReply) => {
        if (reply.type === 'failed') this.#fail(`index worker failed: ${reply.message}`);
        this.#answer?.(reply);
      });
      this.#exited = new Promise((resolve) =>
        worker.once('exit', (code) => {
          this.#alive = false;
          this.workerExitCode = code;
          this.#answer?.({ type: 'failed', message: 'it ended before answering' });
          resolve();
        }),
      );
      this.#worker = worker;
    } catch (error) {
      this.#fail(`index worker did not start: ${(error as Error).message}`);
    }
  }

  /** Hands the next vectors (row-major, ids continuing from the previous call) to the worker. */
  add(vectors: Float32Array): void {
    this.#added += vectors.length / this.#dim;
    if (!this.#usable()) return;
    // A copy goes across, transferred: the caller keeps its array.
    const copy = vectors.slice();
    this.#worker!.postMessage({ type: 'add', vectors: copy } satisfies IndexRequest, [copy.buffer]);
  }

  /**
   * The index over `vectors`, which must be everything add() was given. `warnings` gets a line when
   * the worker failed and the index was built here instead.
   */
  async finish(vectors: Float32Array, warnings: string[], signal?: AbortSignal): Promise<VectorIndex> {
    if (this.#worker && !this.#alive) this.#fail('index worker ended early');
    if (this.#usable() && this.#added === vectors.length / this.#dim && this.#added > 0) {
      try {
        const index = await this.#fromWorker(signal);
        if (index) {
          this.builtBy = 'worker';
          return index;
        }
      } catch (error) {
        if (signal?.aborted) throw error;
        // A full or read-only temporary folder shows up here: hnswlib does not check its writes.
        this.#fail(`index handoff through ${tmpdir()} failed: ${(error as Error).message}`);
      }
    }
    if (this.#failure !== undefined) warnings.push(`${this.#failure}; the index was built on the main thread`);
    throwIfAborted(signal);
    this.builtBy = 'main thread';
    return VectorIndex.build(vectors, this.#dim, this.#options, signal);
  }

  /**
   * The `k` nearest neighbours of every text of `index` (as finish() returned it), computed by this
   * thread and the worker at once: each takes the next chunk of texts while any is left
   * (neighbor-rows.ts SharedRowsJob). `meanwhile` runs on this thread first, while the worker
   * already searches, which then simply takes more chunks. When the worker fails at it, this thread
   * computes the chunks it left, and `warnings` says so.
   */
  async neighborRows(index: VectorIndex, vectors: Float32Array, k: number, warnings: string[], signal?: AbortSignal, meanwhile?: () => void): Promise<NeighborRows[]> {
    const n = index.size;
    if (!this.#helped(n)) {
      meanwhile?.();
      return [nearestRows(index, vectors.subarray(0, n * this.#dim), 0, k, signal)];
    }
    const job = (this.#job = sharedRowsJob(vectors, this.#dim, n, Math.min(k, n), SHARED_CHUNK_ROWS));
    const asked = this.#request({ type: 'share', job }, signal);
    asked.catch(() => {}); // an abort while this thread works is thrown from here
    try {
      meanwhile?.();
      takeChunks(index, job, signal);
    } catch (error) {
      closeJob(job);
      this.#job = undefined;
      throw error;
    }
    const reply = await asked;
    if (reply.type !== 'shared') {
      this.#fail(reply.type === 'failed' ? `index worker failed: ${reply.message}` : `index worker answered ${reply.type}`);
      warnings.push(`${this.#failure}; the main thread looks up the other neighbours`);
    }
    // Whatever the worker took and did not finish; reading its marks also makes its rows visible here.
    fillUndone(index, job, signal);
    this.lastShare = { chunks: job.done.length, byWorker: reply.type === 'shared' ? reply.chunks : 0 };
    this.#job = undefined;
    return [job.rows];
  }

  /** Chunks filled so far of the shared lookup in progress, by either thread (0 when none is). */
  get sharedChunksDone(): number {
    const done = this.#job?.done;
    let filled = 0;
    if (done) for (let c = 0; c < done.length; c++) filled += Atomics.load(done, c);
    return filled;
  }

  /**
   * The `k` nearest neighbours of the texts `ids` (ascending), half of them computed by the worker,
   * which answers as neighborRows() does; rows it fails to give are left out in the same way.
   */
  async rowsOf(index: VectorIndex, vectors: Float32Array, ids: Int32Array<ArrayBuffer>, k: number, warnings: string[], signal?: AbortSignal): Promise<NeighborRows[]> {
    const half = this.#helped(ids.length) ? Math.floor(ids.length / 2) : ids.length;
    const mine = ids.slice(0, half);
    const theirIds = ids.slice(half);
    const theirs = half < ids.length ? { type: 'neighbors' as const, from: 0, queries: gatherVectors(vectors, this.#dim, theirIds), k, rowIds: theirIds } : undefined;
    return this.#inTwoThreads(theirs, () => nearestRows(index, gatherVectors(vectors, this.#dim, mine), 0, k, signal, mine), warnings, signal);
  }

  /** The worker shares the lookups once it built the index (and at least two texts are asked for). */
  #helped(count: number): boolean {
    return this.builtBy === 'worker' && this.#usable() && count >= 2;
  }

  /** Sends `theirs` to the worker, computes `mine` here meanwhile, and returns both sets of rows. */
  async #inTwoThreads(theirs: Extract<IndexRequest, { type: 'neighbors' }> | undefined, mine: () => NeighborRows, warnings: string[], signal?: AbortSignal): Promise<NeighborRows[]> {
    const asked = theirs ? this.#request(theirs, signal) : undefined;
    asked?.catch(() => {}); // an abort while this thread computes its half is thrown from here
    const rows = mine();
    if (!asked) return [rows];
    const reply = await asked;
    if (reply.type === 'neighbors') return [rows, reply.rows];
    this.#fail(reply.type === 'failed' ? `index worker failed: ${reply.message}` : `index worker answered ${reply.type}`);
    warnings.push(`${this.#failure}; the main thread looks up the other neighbours`);
    return [rows];
  }

  /** Ends the worker; safe to call more than once, at any time. */
  async close(): Promise<void> {
    const worker = this.#worker;
    if (!worker) return;
    // The worker takes the request after the one in hand (it is never terminated inside hnswlib,
    // unless that takes longer than the grace period).
    const grace = setTimeout(() => void worker.terminate(), CLOSE_GRACE_MS);
    grace.unref();
    worker.postMessage({ type: 'close' } satisfies IndexRequest);
    await this.#exited;
    clearTimeout(grace);
  }

  /** The worker's index, written to a temporary file and loaded here; undefined when the worker failed. */
  async #fromWorker(signal?: AbortSignal): Promise<VectorIndex | undefined> {
    throwIfAborted(signal);
    const dir = mkdtempSync(join(tmpdir(), 'semlog-index-'));
    try {
      const path = join(dir, 'index.hnsw');
      const reply = await this.#request({ type: 'save', path }, signal);
      if (reply.type === 'saved' && reply.count === this.#added) return VectorIndex.load(path, this.#dim, this.#options.efSearch);
      this.#fail(reply.type === 'failed' ? `index worker failed: ${reply.message}` : `index worker has ${reply.type === 'saved' ? reply.count : '?'} of ${this.#added} vectors`);
      return undefined;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  /** Sends one request and waits for its answer (one request at a time). */
  #request(request: IndexRequest, signal?: AbortSignal): Promise<IndexReply> {
    const worker = this.#worker!;
    return new Promise<IndexReply>((resolve, reject) => {
      const onAbort = (): void => settle(() => reject(signal!.reason));
      const settle = (then: () => void): void => {
        this.#answer = undefined;
        signal?.removeEventListener('abort', onAbort);
        then();
      };
      this.#answer = (reply) => settle(() => resolve(reply));
      signal?.addEventListener('abort', onAbort, { once: true });
      if (request.type === 'neighbors') worker.postMessage(request, [request.queries.buffer as ArrayBuffer, ...(request.rowIds ? [request.rowIds.buffer] : [])]);
      else worker.postMessage(request);
    });
  }

  #usable(): boolean {
    return this.#worker !== undefined && this.#alive && this.#failure === undefined;
  }

  #fail(reason: string): void {
    this.#failure ??= reason;
  }
}
