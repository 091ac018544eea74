// Encoder that drives onnxruntime-node directly with the standalone tokenizer: the lean backend.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import * as ort from 'onnxruntime-node';
import { ModelError } from '../errors.js';
import type { Encoder } from './embedder.js';
import { meanPoolNormalize } from './mean-pool.js';
import type { ModelInfo } from './model-dir.js';

export async function createOrtEncoder(model: ModelInfo, threads: number): Promise<Encoder> {
  const tokenizer = new Tokenizer(
    JSON.parse(readFileSync(join(model.dir, 'tokenizer.json'), 'utf8')) as object,
    JSON.parse(readFileSync(join(model.dir, 'tokenizer_config.json'), 'utf8')) as object,
  );
  const weights = join(model.dir, model.weightsFile);
  const mismatchHint =
    'semlog needs a sentence-transformers ONNX export: inputs input_ids and attention_mask, output last_hidden_state [batch, tokens, hidden_size]; check --model';
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(weights, {
      intraOpNumThreads: threads,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
    });
  } catch (cause) {
    throw new ModelError('SEMLOG_MODEL_CORRUPT', `cannot load ${weights}: ${(cause as Error).message}`, {
      hint: 'the ONNX file is damaged or not an ONNX model; reinstall semlog or re-run scripts/export-model.py',
      cause,
    });
  }
  const wantsTypeIds = session.inputNames.includes('token_type_ids');
  const outputName = session.outputNames.includes('last_hidden_state') ? 'last_hidden_state' : session.outputNames[0]!;

  return {
    dim: model.hiddenSize,
    async encode(texts) {
      if (texts.length === 0) return new Float32Array(0);
      const ids = texts.map((text) => truncateIds(tokenizer.encode(text).ids, model.maxTokens));
      const seqLen = Math.max(...ids.map((row) => row.length));
      const size = texts.length * seqLen;
      const inputIds = new BigInt64Array(size);
      const mask = new BigInt64Array(size);
      ids.forEach((row, b) => {
        for (let t = 0; t < row.length; t++) {
          inputIds[b * seqLen + t] = BigInt(row[t]!);
          mask[b * seqLen + t] = 1n;
        }
      });
      const dims = [texts.length, seqLen];
      const feeds: Record<string, ort.Tensor> = {
        input_ids: new ort.Tensor('int64', inputIds, dims),
        attention_mask: new ort.Tensor('int64', mask, dims),
      };
      if (wantsTypeIds) feeds['token_type_ids'] = new ort.Tensor('int64', new BigInt64Array(size), dims);
      let result: ort.InferenceSession.ReturnType;
      try {
        result = await session.run(feeds);
      } catch (cause) {
        throw new ModelError('SEMLOG_MODEL_RUN_FAILED', `the model ${weights} failed on a batch: ${(cause as Error).message}`, { hint: mismatchHint, cause });
      }
      try {
        const hidden = result[outputName]!;
        // Another shape would be read out of bounds and give NaN vectors, silently.
        const expected = [texts.length, seqLen, model.hiddenSize];
        if (hidden.type !== 'float32' || hidden.dims.length !== 3 || hidden.dims.some((size, i) => size !== expected[i])) {
          throw new ModelError(
            'SEMLOG_MODEL_MISMATCH',
            `the model ${weights} returned ${outputName} as ${hidden.type} [${hidden.dims.join(', ')}], not float32 [${expected.join(', ')}] (batch, tokens, hidden_size of config.json)`,
            { hint: mismatchHint },
          );
        }
        return meanPoolNormalize(hidden.data as Float32Array, mask, texts.length, seqLen, model.hiddenSize);
      } finally {
        for (const tensor of Object.values(result)) tensor.dispose();
      }
    },
    async release() {
      await session.release();
    },
  };
}

/** Truncates like the Hugging Face tokenizer: keep the first tokens and the closing [SEP]. */
function truncateIds(ids: readonly number[], maxTokens: number): readonly number[] {
  if (ids.length <= maxTokens) return ids;
  return [...ids.slice(0, maxTokens - 1), ids[ids.length - 1]!];
}
