// Sentence embedding from token states: mean over real tokens, then unit length (as sentence-transformers does).

/**
 * Mean-pools `hidden` ([batch, seqLen, dim], row-major) over the positions where `mask` is 1 and
 * L2-normalizes each row. Returns [batch, dim].
 */
export function meanPoolNormalize(
  hidden: Float32Array,
  mask: ArrayLike<number | bigint>,
  batch: number,
  seqLen: number,
  dim: number,
): Float32Array {
  const out = new Float32Array(batch * dim);
  for (let b = 0; b < batch; b++) {
    const row = b * dim;
    let tokens = 0;
    for (let t = 0; t < seqLen; t++) {
      if (Number(mask[b * seqLen + t]) === 0) continue;
      tokens++;
      const offset = (b * seqLen + t) * dim;
      for (let d = 0; d < dim; d++) out[row + d]! += hidden[offset + d]!;
    }
    let norm = 0;
    for (let d = 0; d < dim; d++) {
      const mean = out[row + d]! / Math.max(tokens, 1);
      out[row + d] = mean;
      norm += mean * mean;
    }
    // sentence-transformers clamps the norm at 1e-12 so an all-zero row stays zero instead of NaN.
    const scale = 1 / Math.max(Math.sqrt(norm), 1e-12);
    for (let d = 0; d < dim; d++) out[row + d]! *= scale;
  }
  return out;
}
