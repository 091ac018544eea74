// The cascade's cheap vector of a text: the mean of its tokens' static vectors (static-vectors.ts),
// each weighted by how rare the token is in this scan (SIF: a / (a + p(t)), p counted over the
// scan's distinct texts). Frequency in the logs, not rank in the vocabulary, sets the weight: `'`,
// `<` or `..` are common English tokens but rare in a site's requests, so payloads keep their
// syntax. The component every text shares is removed (SIF's common-component step, here the mean
// vector) and the result has unit length.

import type { StaticVectors } from './static-vectors.js';
import type { WordPiece } from './wordpiece.js';

export const STATIC_EMBEDDER_DEFAULTS = Object.freeze({
  /** SIF's smoothing: tokens much more frequent than this share of all tokens weigh little. */
  sifA: 1e-2,
  /** Tokens read per text, as the model reads them. */
  maxTokens: 256,
});

/** Cheap vectors of `texts`, row-major [texts.length × dim], unit length. */
export function embedStatic(texts: readonly string[], tokenizer: WordPiece, table: StaticVectors, options: { sifA?: number; maxTokens?: number } = {}): Float32Array {
  const { sifA, maxTokens } = { ...STATIC_EMBEDDER_DEFAULTS, ...options };
  const { dim, vocabSize } = table.meta;
  const tokenized = texts.map((text) => tokenizer.encode(text, maxTokens));
  const counts = new Float64Array(vocabSize);
  let total = 0;
  for (const ids of tokenized) {
    for (let t = 1; t < ids.length - 1; t++) counts[ids[t]!]!++;
    total += ids.length - 2;
  }
  const weights = new Float32Array(vocabSize);
  for (let v = 0; v < vocabSize; v++) weights[v] = sifA / (sifA + counts[v]! / Math.max(total, 1));
  const out = new Float32Array(texts.length * dim);
  const mean = new Float64Array(dim);
  tokenized.forEach((ids, row) => {
    const offset = row * dim;
    let weightSum = 0;
    // Between [CLS] and [SEP]: every static vector already carries what those two contribute.
    for (let t = 1; t < ids.length - 1; t++) {
      const id = ids[t]!;
      const w = weights[id]!;
      weightSum += w;
      const source = id * dim;
      for (let d = 0; d < dim; d++) out[offset + d]! += w * table.vectors[source + d]!;
    }
    if (weightSum > 0) for (let d = 0; d < dim; d++) out[offset + d]! /= weightSum;
    for (let d = 0; d < dim; d++) mean[d]! += out[offset + d]!;
  });
  for (let d = 0; d < dim; d++) mean[d]! /= Math.max(texts.length, 1);
  for (let row = 0; row < texts.length; row++) {
    const offset = row * dim;
    let norm = 0;
    for (let d = 0; d < dim; d++) {
      const value = out[offset + d]! - mean[d]!;
      out[offset + d] = value;
      norm += value * value;
    }
    // A text with no tokens, or exactly the mean, gets a fixed unit vector rather than NaN.
    if (norm === 0) out[offset] = 1;
    const scale = 1 / Math.sqrt(norm || 1);
    for (let d = 0; d < dim; d++) out[offset + d]! *= scale;
  }
  return out;
}
