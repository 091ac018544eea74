// The static token vectors distilled from the shipped model (scripts/distill-static.ts): their file
// format and loading. int8 per row with one float32 scale keeps 30,522 × 384 vectors in 11.8 MB
// with a relative error under 0.4 % per component, far below the differences the cascade relies on.
//
// token-vectors.bin: float32 scale[vocabSize], then int8 q[vocabSize × dim]; vector = q × scale.

import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ModelError } from '../errors.js';

export const STATIC_DIR = 'static';
export const STATIC_FILES = Object.freeze({ vectors: 'token-vectors.bin', meta: 'meta.json' });

export interface StaticMeta {
  method: string;
  /** modelCacheKey() of the ONNX weights the vectors were distilled from. */
  modelKey: string;
  vocabSize: number;
  dim: number;
  /** Of token-vectors.bin. */
  sha256: string;
}

export interface StaticVectors {
  meta: StaticMeta;
  /** Row-major [vocabSize × dim], dequantized. */
  vectors: Float32Array;
}

export function encodeStaticVectors(vectors: Float32Array, vocabSize: number, dim: number): Buffer {
  const bytes = Buffer.alloc(vocabSize * 4 + vocabSize * dim);
  const scales = new Float32Array(vocabSize);
  const q = new Int8Array(bytes.buffer, bytes.byteOffset + vocabSize * 4, vocabSize * dim);
  for (let t = 0; t < vocabSize; t++) {
    let max = 0;
    for (let d = 0; d < dim; d++) max = Math.max(max, Math.abs(vectors[t * dim + d]!));
    const scale = max > 0 ? max / 127 : 1;
    scales[t] = scale;
    for (let d = 0; d < dim; d++) q[t * dim + d] = Math.round(vectors[t * dim + d]! / scale);
  }
  Buffer.from(scales.buffer).copy(bytes, 0);
  return bytes;
}

export function decodeStaticVectors(bytes: Buffer, vocabSize: number, dim: number): Float32Array {
  if (bytes.length !== vocabSize * 4 + vocabSize * dim) {
    throw new ModelError('SEMLOG_MODEL_CORRUPT', `static token vectors have ${bytes.length} bytes, not ${vocabSize * (4 + dim)}`, {
      hint: 're-run scripts/distill-static.ts or reinstall semlog',
    });
  }
  const scales = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + vocabSize * 4));
  const q = new Int8Array(bytes.buffer, bytes.byteOffset + vocabSize * 4, vocabSize * dim);
  const out = new Float32Array(vocabSize * dim);
  for (let t = 0; t < vocabSize; t++) {
    const scale = scales[t]!;
    for (let d = 0; d < dim; d++) out[t * dim + d] = q[t * dim + d]! * scale;
  }
  return out;
}

/** Loads and checks the static vectors of a model folder; exit 4 when they are missing, damaged or of another model. */
export function loadStaticVectors(modelDir: string, modelKey: string): StaticVectors {
  const folder = join(modelDir, STATIC_DIR);
  const hint = `run npx tsx scripts/distill-static.ts --model ${modelDir} (or use --embedding full)`;
  if (!existsSync(join(folder, STATIC_FILES.meta)) || !existsSync(join(folder, STATIC_FILES.vectors))) {
    throw new ModelError('SEMLOG_MODEL_MISSING', `the model in ${modelDir} has no static token vectors (${STATIC_DIR}/${STATIC_FILES.vectors})`, { hint });
  }
  let meta: StaticMeta;
  try {
    meta = JSON.parse(readFileSync(join(folder, STATIC_FILES.meta), 'utf8')) as StaticMeta;
  } catch (cause) {
    throw new ModelError('SEMLOG_MODEL_CORRUPT', `cannot read ${join(folder, STATIC_FILES.meta)}: ${(cause as Error).message}`, { hint, cause });
  }
  if (meta.modelKey !== modelKey) {
    throw new ModelError('SEMLOG_MODEL_MISMATCH', `the static token vectors in ${folder} were distilled from another model (${meta.modelKey}, not ${modelKey})`, { hint });
  }
  const bytes = readFileSync(join(folder, STATIC_FILES.vectors));
  if (createHash('sha256').update(bytes).digest('hex') !== meta.sha256) {
    throw new ModelError('SEMLOG_MODEL_CORRUPT', `${join(folder, STATIC_FILES.vectors)} does not match its sha256 in ${STATIC_FILES.meta}`, { hint });
  }
  return { meta, vectors: decodeStaticVectors(bytes, meta.vocabSize, meta.dim) };
}
