// What an embedder returned, checked before anyone uses it: a vector with NaN or infinity is a broken
// model or runtime (a float16 overflow, a bad export), not a result. It would be clustered as nonsense
// and stored in the embedding cache for every later run.

import { ModelError } from '../errors.js';

/** The error to stop with, or undefined when `vectors` holds `texts` finite vectors of `dim`. */
export function brokenVectors(vectors: Float32Array, texts: number, dim: number, source: string): ModelError | undefined {
  const hint = 'semlog needs a sentence-transformers ONNX export; rerun with --debug, and report it if the model is the bundled one';
  if (vectors.length !== texts * dim) {
    return new ModelError('SEMLOG_BAD_VECTORS', `${source} returned ${vectors.length / dim} vectors for ${texts} texts`, { hint });
  }
  const bad = vectors.findIndex((x) => !Number.isFinite(x));
  if (bad < 0) return undefined;
  return new ModelError('SEMLOG_BAD_VECTORS', `${source} returned a vector with ${vectors[bad]} in it (text ${Math.floor(bad / dim) + 1} of a batch)`, { hint });
}
