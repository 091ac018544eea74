// A deterministic stand-in for the model in pipeline tests: hashed character trigrams, unit length.
// Similar texts share trigrams, so they land close together, as with the real model.

import type { Embedder } from '../../src/embed/embedder.js';

export function trigramEmbedder(dim = 64): Embedder & { calls: number; embedded: number } {
  const embedder = {
    modelId: `trigram-${dim}`,
    cacheKey: `trigram-${dim}`,
    dim,
    calls: 0,
    embedded: 0,
    async embed(texts: readonly string[]) {
      embedder.calls++;
      embedder.embedded += texts.length;
      const out = new Float32Array(texts.length * dim);
      texts.forEach((text, row) => {
        const padded = `  ${text.toLowerCase()}  `;
        for (let i = 0; i + 3 <= padded.length; i++) {
          let h = 2166136261;
          for (let j = i; j < i + 3; j++) h = Math.imul(h ^ padded.charCodeAt(j), 16777619);
          out[row * dim + ((h >>> 0) % dim)]! += 1;
        }
        let norm = 0;
        for (let d = 0; d < dim; d++) norm += out[row * dim + d]! ** 2;
        for (let d = 0; d < dim; d++) out[row * dim + d]! /= Math.sqrt(norm) || 1;
      });
      return out;
    },
    async close() {},
  };
  return embedder;
}
