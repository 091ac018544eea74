// Frozen registry of encoder backends, so callers name a backend instead of importing one.

import { UsageError } from '../errors.js';
import { ENCODER_BACKENDS, type Encoder, type EncoderBackend } from './embedder.js';
import type { ModelInfo } from './model-dir.js';
import { createOrtEncoder } from './ort-encoder.js';
import { createTransformersEncoder } from './transformers-encoder.js';

const BACKENDS: Readonly<Record<EncoderBackend, (model: ModelInfo, threads: number) => Promise<Encoder>>> = Object.freeze({
  ort: createOrtEncoder,
  transformers: createTransformersEncoder,
});

export { ENCODER_BACKENDS };

export function createEncoder(backend: string, model: ModelInfo, threads: number): Promise<Encoder> {
  const create = BACKENDS[backend as EncoderBackend];
  if (!create) {
    throw new UsageError(`unknown embedding backend '${backend}'`, { hint: `valid backends: ${ENCODER_BACKENDS.join(', ')}` });
  }
  return create(model, threads);
}
