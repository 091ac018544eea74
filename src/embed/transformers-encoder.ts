// Encoder through transformers.js' feature-extraction pipeline, strictly offline.

import { basename, dirname } from 'node:path';
import { ModelError } from '../errors.js';
import type { Encoder } from './embedder.js';
import type { ModelInfo } from './model-dir.js';

export async function createTransformersEncoder(model: ModelInfo, threads: number): Promise<Encoder> {
  const { env, pipeline } = await import('@huggingface/transformers');
  // Never reach for the hub: the model must come from the local folder or not at all.
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.useFSCache = false;
  env.localModelPath = dirname(model.dir);
  let extractor;
  try {
    extractor = await pipeline('feature-extraction', basename(model.dir), {
      dtype: model.quantized ? 'q8' : 'fp32',
      device: 'cpu',
      session_options: { intraOpNumThreads: threads, interOpNumThreads: 1 },
    });
  } catch (cause) {
    throw new ModelError('SEMLOG_MODEL_CORRUPT', `cannot load the model in ${model.dir}: ${(cause as Error).message}`, {
      hint: 'the model folder is damaged; reinstall semlog or re-run scripts/export-model.py',
      cause,
    });
  }
  return {
    dim: model.hiddenSize,
    async encode(texts) {
      if (texts.length === 0) return new Float32Array(0);
      const output = await extractor([...texts], { pooling: 'mean', normalize: true });
      return new Float32Array(output.data as Float32Array);
    },
    async release() {
      await extractor.dispose();
    },
  };
}
