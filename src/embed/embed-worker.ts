// Piscina worker: loads the model once per thread and embeds batches of texts.
// It imports nothing from cli/ or report/: it runs in a worker thread with its own module graph.

import { move, workerData } from 'piscina';
import { EXIT, SemlogError } from '../errors.js';
import { createEncoder } from './create-encoder.js';
import type { Encoder, EncoderBackend } from './embedder.js';
import type { ModelInfo } from './model-dir.js';

/** Set once per pool through piscina's workerData. */
export interface EmbedWorkerData {
  model: ModelInfo;
  backend: EncoderBackend;
  threads: number;
  /** Set to 1 by the pool when it stops: batches still queued then return without the model. */
  stopFlag: Int32Array;
}

/** Errors cross the thread boundary as plain data so that code, exit code and hint survive. */
export interface EmbedFailure {
  code: string;
  exitCode: number;
  message: string;
  hint: string | undefined;
  /** The worker-side stack, for --debug. */
  stack: string | undefined;
}

/** The vectors of the batch, row-major, or why the batch failed. */
export type EmbedResult = Float32Array | EmbedFailure;

let encoder: Promise<Encoder> | undefined;

export default async function embedBatch(texts: string[]): Promise<EmbedResult> {
  const data = workerData as EmbedWorkerData;
  // The pool waits for every batch a worker has started before it terminates the worker, so after
  // a failure or close() a queued batch must not load the model or enter onnxruntime.
  if (Atomics.load(data.stopFlag, 0) !== 0) {
    return { code: 'SEMLOG_POOL_STOPPED', exitCode: EXIT.model, message: 'the embedding pool has stopped', hint: undefined, stack: undefined };
  }
  try {
    encoder ??= createEncoder(data.backend, data.model, data.threads);
    const vectors = await (await encoder).encode(texts);
    // Transfer the buffer to the main thread instead of copying it.
    return move(vectors) as Float32Array;
  } catch (error) {
    if (error instanceof SemlogError) {
      return { code: error.code, exitCode: error.exitCode, message: error.message, hint: error.hint, stack: error.stack };
    }
    return {
      code: 'SEMLOG_EMBED_FAILED',
      exitCode: EXIT.model,
      message: `embedding failed: ${error instanceof Error ? error.message : String(error)}`,
      hint: 'rerun with --debug for the details',
      stack: error instanceof Error ? error.stack : undefined,
    };
  }
}
