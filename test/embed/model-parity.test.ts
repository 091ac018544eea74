// The shipped int8 model, run through the product's own encoders, must agree with the original
// PyTorch model (fp32, sentence-transformers pooling) on varied log texts.

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEncoder } from '../../src/embed/create-encoder.js';
import type { Encoder } from '../../src/embed/embedder.js';
import { defaultModelDir, inspectModelDir } from '../../src/embed/model-dir.js';

interface Reference {
  dim: number;
  items: Array<{ text: string; embedding: number[] }>;
}

const reference = JSON.parse(
  readFileSync(new URL('../fixtures/embeddings/reference.json', import.meta.url), 'utf8'),
) as Reference;

function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return dot / Math.sqrt(na * nb);
}

describe.each(['ort', 'transformers'])('the %s encoder', (backend) => {
  let encoder: Encoder;
  let vectors: Float32Array;

  beforeAll(async () => {
    encoder = await createEncoder(backend, inspectModelDir(defaultModelDir()), 1);
    vectors = await encoder.encode(reference.items.map((item) => item.text));
  });
  afterAll(() => encoder?.release());

  it('has a varied reference to compare with', () => {
    expect(reference.items.length).toBeGreaterThanOrEqual(40);
    expect(reference.dim).toBe(384);
  });

  it('returns 384-dimensional unit vectors', () => {
    expect(encoder.dim).toBe(384);
    expect(vectors.length).toBe(reference.items.length * 384);
    reference.items.forEach((item, i) => {
      const row = vectors.subarray(i * 384, (i + 1) * 384);
      const norm = Math.sqrt(row.reduce((sum, v) => sum + v * v, 0));
      expect(norm, item.text.slice(0, 60)).toBeCloseTo(1, 4);
    });
  });

  it('matches the PyTorch fp32 reference with cosine >= 0.99 for every text', () => {
    const worst = reference.items
      .map((item, i) => ({ text: item.text.slice(0, 60), cos: cosine(vectors.subarray(i * 384, (i + 1) * 384), item.embedding) }))
      .sort((a, b) => a.cos - b.cos);
    for (const { text, cos } of worst) expect(cos, text).toBeGreaterThanOrEqual(0.99);
  });

  it('gives the same vector for a text whether batched alone or with longer texts', async () => {
    const text = reference.items[0]!.text;
    const alone = await encoder.encode([text]);
    expect(cosine(alone, vectors.subarray(0, 384))).toBeGreaterThan(0.9999);
  });
});
