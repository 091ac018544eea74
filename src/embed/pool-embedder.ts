// Embeds texts across a piscina pool of worker threads, each holding one model session.
//
//   embed(texts) ─ sort by length ─ batches ─┬─ worker 1 (encoder) ─┐
//                                            ├─ worker 2 (encoder) ─┼─ vectors placed back in input order
//                                            └─ …  (≤ maxInFlight) ─┘

import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Piscina } from 'piscina';
import { ModelError, SemlogError, throwIfAborted, type ExitCode } from '../errors.js';
import type { Embedder, EncoderBackend } from './embedder.js';
import type { EmbedResult, EmbedWorkerData } from './embed-worker.js';
import { modelCacheKey } from './embedding-cache.js';
import { InFlight } from './in-flight.js';
import { defaultModelDir, inspectModelDir } from './model-dir.js';
import { embedWorkerFile } from './worker-file.js';

export interface PoolEmbedderOptions {
  /** A local sentence-transformers ONNX export; default: the model shipped with semlog. */
  modelDir?: string;
  backend?: EncoderBackend;
  /** Worker threads; default: one per core. */
  workers?: number;
  /** onnxruntime threads inside each worker. */
  threadsPerWorker?: number;
  /** Texts per model call. */
  batchSize?: number;
}

export const POOL_DEFAULTS = Object.freeze({
  backend: 'ort' as EncoderBackend,
  threadsPerWorker: 1,
  batchSize: 8,
  /** Batches queued per worker: enough to keep each busy, few enough to bound memory. */
  batchesInFlightPerWorker: 2,
});

export async function createPoolEmbedder(options: PoolEmbedderOptions = {}): Promise<Embedder> {
  const model = inspectModelDir(options.modelDir ?? defaultModelDir());
  const backend = options.backend ?? POOL_DEFAULTS.backend;
  const workers = Math.max(1, options.workers ?? availableParallelism());
  const batchSize = Math.max(1, options.batchSize ?? POOL_DEFAULTS.batchSize);
  const workerData: EmbedWorkerData = { model, backend, threads: options.threadsPerWorker ?? POOL_DEFAULTS.threadsPerWorker };
  const filename = embedWorkerFile();
  // The workers start with the first texts to embed: a rescan served from the cache never loads the
  // model, and on a cold scan the first chunk arrives while the logs are still being read.
  let pool: Piscina<string[], EmbedResult> | undefined;
  const startPool = (): Piscina<string[], EmbedResult> => {
    if (pool) return pool;
    pool = new Piscina<string[], EmbedResult>({ filename, minThreads: workers, maxThreads: workers, idleTimeout: Number.POSITIVE_INFINITY, workerData });
    // Load the model in every worker at once; an empty batch does that.
    for (let i = 0; i < workers; i++) track(pool.run([])).catch(() => {});
    return pool;
  };
  const maxInFlight = workers * POOL_DEFAULTS.batchesInFlightPerWorker;
  let closed = false;
  // Every task ever started, until it settles. A worker must never be terminated while it is inside
  // onnxruntime: the native addon aborts the whole process ("terminate called after throwing
  // Napi::Error"). So tasks get no abort signal (piscina would terminate the worker), an abort only
  // stops dispatching, and close() waits for what runs before destroying the pool.
  const running = new Set<Promise<unknown>>();
  const track = <T>(task: Promise<T>): Promise<T> => {
    const forget = (): void => void running.delete(settled);
    const settled: Promise<void> = task.then(forget, forget);
    running.add(settled);
    return task;
  };

  async function embed(texts: readonly string[], signal?: AbortSignal): Promise<Float32Array> {
    const dim = model.hiddenSize;
    const out = new Float32Array(texts.length * dim);
    // Similar lengths in one batch waste less compute on padding.
    const order = texts.map((_, i) => i).sort((a, b) => texts[a]!.length - texts[b]!.length);
    const inFlight = new InFlight(maxInFlight);
    try {
      for (let start = 0; start < order.length; start += batchSize) {
        throwIfAborted(signal);
        const indices = order.slice(start, start + batchSize);
        await inFlight.add(
          runBatch(indices.map((i) => texts[i]!)).then((vectors) => {
            indices.forEach((target, row) => out.set(vectors.subarray(row * dim, (row + 1) * dim), target * dim));
          }),
        );
      }
      await inFlight.all();
    } finally {
      // On an abort or a failure, let the batches already running finish before anyone closes the pool.
      await inFlight.settled();
    }
    throwIfAborted(signal);
    return out;
  }

  async function runBatch(batch: string[]): Promise<Float32Array> {
    let result: EmbedResult;
    try {
      result = await track(startPool().run(batch));
    } catch (cause) {
      throw new ModelError('SEMLOG_WORKER_FAILED', `an embedding worker failed: ${(cause as Error).message}`, {
        hint: 'rerun with --debug for details; if it persists, try --workers 1',
        cause,
      });
    }
    if (result instanceof Float32Array) return result;
    throw new SemlogError(result.code, result.exitCode as ExitCode, result.message, result.hint ? { hint: result.hint } : {});
  }

  // Hashing 90 MB of weights costs ~150 ms: only when a cache or a baseline asks for the key.
  let cacheKey: string | undefined;
  return {
    modelId: model.id,
    get cacheKey() {
      return (cacheKey ??= modelCacheKey(join(model.dir, model.weightsFile)));
    },
    dim: model.hiddenSize,
    embed,
    async close() {
      if (closed) return;
      closed = true;
      while (running.size > 0) await Promise.allSettled([...running]);
      await pool?.destroy();
    },
  };
}
