// Embeds texts across a piscina pool of worker threads, each holding one model session.
//
//   embed(texts) ─ sort by length ─ batches ─┬─ worker 1 (encoder) ─┐
//                                            ├─ worker 2 (encoder) ─┼─ vectors placed back in input order
//                                            └─ …  (≤ maxInFlight) ─┘
//
// The first failure (a batch the model rejects, a worker that dies) stops the whole pool: every
// embed() call rejects with it at once, and batches still queued return without touching the model.

import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Piscina } from 'piscina';
import { ModelError, SemlogError, throwIfAborted, type ExitCode } from '../errors.js';
import { checkEmbeddingOptions } from '../options/check-library-options.js';
import type { Embedder, EncoderBackend } from './embedder.js';
import type { EmbedResult, EmbedWorkerData } from './embed-worker.js';
import { brokenVectors } from './broken-vectors.js';
import { InFlight } from './in-flight.js';
import { defaultModelDir, inspectModelDir } from './model-dir.js';
import { modelCacheKey, rememberedModelKey } from './model-key.js';
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
  /** A file that remembers the weights' cache key between runs (see model-key.ts); default: hash every run. */
  keyMemoFile?: string;
}

export const POOL_DEFAULTS = Object.freeze({
  backend: 'ort' as EncoderBackend,
  threadsPerWorker: 1,
  batchSize: 8,
  /** Batches queued per worker: enough to keep each busy, few enough to bound memory. */
  batchesInFlightPerWorker: 2,
});

/** What close() needs to know of a worker; piscina hands these out with 'workerCreate'. */
interface PoolWorker {
  readonly currentUsage: number;
  readonly destroyed: boolean;
}

export async function createPoolEmbedder(options: PoolEmbedderOptions = {}): Promise<Embedder> {
  // Checked, not clamped: Math.max(1, NaN) is NaN, and a NaN batch size once embedded nothing.
  checkEmbeddingOptions('', options);
  const model = inspectModelDir(options.modelDir ?? defaultModelDir());
  const backend = options.backend ?? POOL_DEFAULTS.backend;
  const workers = options.workers ?? availableParallelism();
  const batchSize = options.batchSize ?? POOL_DEFAULTS.batchSize;
  const stopFlag = new Int32Array(new SharedArrayBuffer(4));
  const workerData: EmbedWorkerData = {
    model,
    backend,
    threads: options.threadsPerWorker ?? POOL_DEFAULTS.threadsPerWorker,
    stopFlag,
  };
  const filename = embedWorkerFile();

  // Why the pool stopped (the first failure, or close()), and a promise that rejects with it so
  // that every embed() waiting on batches wakes up, even on batches that will never run.
  let stopReason: SemlogError | undefined;
  let rejectStopped!: (reason: SemlogError) => void;
  const stopped = new Promise<never>((_, reject) => (rejectStopped = reject));
  stopped.catch(() => {});
  const stop = (reason: SemlogError): SemlogError => {
    if (stopReason) return stopReason;
    stopReason = reason;
    Atomics.store(stopFlag, 0, 1);
    rejectStopped(reason);
    return reason;
  };

  // A worker must never be terminated while it is inside onnxruntime: the native addon aborts the
  // whole process ("terminate called after throwing Napi::Error", exit 134). So tasks get no abort
  // signal (piscina would terminate the worker), and close() waits while any worker runs a task.
  // `running` holds every task until it settles; `poolWorkers` the live workers.
  const running = new Set<Promise<unknown>>();
  const track = <T>(task: Promise<T>): Promise<T> => {
    const forget = (): void => void running.delete(settled);
    const settled: Promise<void> = task.then(forget, forget);
    running.add(settled);
    return task;
  };
  const poolWorkers = new Set<PoolWorker>();
  const anyWorkerBusy = (): boolean => [...poolWorkers].some((worker) => !worker.destroyed && worker.currentUsage > 0);

  // The workers start with the first texts to embed: a rescan served from the cache never loads the
  // model, and on a cold scan the first chunk arrives while the logs are still being read.
  // piscina itself loads then too: a rescan served from the cache never needs it (~10 ms of start-up).
  let pool: Promise<Piscina<string[], EmbedResult>> | undefined;
  const startPool = (): Promise<Piscina<string[], EmbedResult>> =>
    (pool ??= import('piscina').then(({ Piscina }) => {
      const started = new Piscina<string[], EmbedResult>({ filename, minThreads: workers, maxThreads: workers, idleTimeout: Number.POSITIVE_INFINITY, workerData });
      started.on('workerCreate', (worker: PoolWorker) => poolWorkers.add(worker));
      started.on('workerDestroy', (worker: PoolWorker) => poolWorkers.delete(worker));
      // A worker that dies while no task of it runs (while starting) is reported here rather than to a
      // task; an 'error' event nobody listens to would crash the process with a stack trace.
      started.on('error', (cause: unknown) => stop(workerFailure(cause)));
      // Load the model in every worker at once; an empty batch does that.
      for (let i = 0; i < workers; i++) runBatch([]).catch(() => {});
      return started;
    }));
  const maxInFlight = workers * POOL_DEFAULTS.batchesInFlightPerWorker;

  async function embed(texts: readonly string[], signal?: AbortSignal): Promise<Float32Array> {
    const dim = model.hiddenSize;
    const out = new Float32Array(texts.length * dim);
    // Similar lengths in one batch waste less compute on padding.
    const order = texts.map((_, i) => i).sort((a, b) => texts[a]!.length - texts[b]!.length);
    // Batches left behind by an abort or a failure finish (or return at once) on their own; close()
    // waits for them before it terminates a worker.
    const inFlight = new InFlight(maxInFlight);
    for (let start = 0; start < order.length; start += batchSize) {
      throwIfAborted(signal);
      if (stopReason) throw stopReason;
      const indices = order.slice(start, start + batchSize);
      const placed = runBatch(indices.map((i) => texts[i]!)).then((vectors) => {
        indices.forEach((target, row) => out.set(vectors.subarray(row * dim, (row + 1) * dim), target * dim));
      });
      await Promise.race([inFlight.add(placed), stopped]);
    }
    await Promise.race([inFlight.all(), stopped]);
    throwIfAborted(signal);
    return out;
  }

  async function runBatch(batch: string[]): Promise<Float32Array> {
    let result: EmbedResult;
    try {
      result = await track(startPool().then((started) => started.run(batch)));
    } catch (cause) {
      throw stop(workerFailure(cause));
    }
    if (result instanceof Float32Array) {
      const broken = brokenVectors(result, batch.length, model.hiddenSize, `the model in ${model.dir}`);
      if (broken) throw stop(broken);
      return result;
    }
    // The worker's stack comes along as the cause, for --debug.
    const cause = result.stack === undefined ? undefined : Object.assign(new Error(result.message), { stack: result.stack });
    throw stop(new SemlogError(result.code, result.exitCode as ExitCode, result.message, { ...(result.hint && { hint: result.hint }), cause }));
  }

  // Hashing 90 MB of weights costs ~150 ms: only when a cache or a baseline asks for the key.
  let cacheKey: string | undefined;
  const weightsFile = join(model.dir, model.weightsFile);
  let closing: Promise<void> | undefined;
  return {
    modelId: model.id,
    get cacheKey() {
      return (cacheKey ??= options.keyMemoFile === undefined ? modelCacheKey(weightsFile) : rememberedModelKey(weightsFile, options.keyMemoFile));
    },
    dim: model.hiddenSize,
    embed,
    close() {
      closing ??= (async () => {
        stop(new ModelError('SEMLOG_POOL_CLOSED', 'the embedding pool is closed'));
        // Queued batches now return at once; a batch that a worker has started finishes first. Tasks
        // that no worker will ever take (every worker died) are rejected by destroy().
        while (running.size > 0 && anyWorkerBusy()) await Promise.race(running);
        if (pool) await (await pool).destroy();
      })();
      return closing;
    },
  };
}

/** A worker that died (threw outside a task, exited, ran out of heap) is a model/environment error. */
function workerFailure(cause: unknown): ModelError {
  if ((cause as NodeJS.ErrnoException | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY') {
    return new ModelError('SEMLOG_WORKER_OUT_OF_MEMORY', 'an embedding worker ran out of memory', {
      hint: 'try a smaller --batch-size, or raise the heap limit: NODE_OPTIONS=--max-old-space-size=4096',
      cause,
    });
  }
  return new ModelError('SEMLOG_WORKER_FAILED', `an embedding worker failed: ${cause instanceof Error ? cause.message : String(cause)}`, {
    hint: 'rerun with --debug for details; if it persists, try --workers 1',
    cause,
  });
}
