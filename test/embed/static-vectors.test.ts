// The static token vectors shipped in models/ are what scripts/distill-static.ts makes from the shipped
// ONNX model: the file matches its recorded hash and model key, and tokens re-embedded now by the
// product's own encoder give the same vectors (up to int8 rounding).

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEncoder } from '../../src/embed/create-encoder.js';
import type { Encoder } from '../../src/embed/embedder.js';
import { defaultModelDir, inspectModelDir } from '../../src/embed/model-dir.js';
import { modelCacheKey } from '../../src/embed/model-key.js';
import { decodeStaticVectors, encodeStaticVectors, loadStaticVectors, STATIC_DIR, STATIC_FILES } from '../../src/embed/static-vectors.js';
import { WordPiece } from '../../src/embed/wordpiece.js';

const model = inspectModelDir(defaultModelDir());
const modelKey = modelCacheKey(join(model.dir, model.weightsFile));
// Words of request texts; those that are one vocabulary token are `[CLS] word [SEP]`, what the script ran.
const WORDS = ['select', 'union', 'user', 'search', 'page', 'index', 'file', 'home', 'php', 'admin', '<', "'", '.', '/', '='];

describe('static token vectors', () => {
  let encoder: Encoder;
  beforeAll(async () => {
    encoder = await createEncoder('ort', model, 1);
  });
  afterAll(() => encoder?.release());

  it('are the shipped model\'s: hash, shape and model key as recorded', () => {
    const { meta, vectors } = loadStaticVectors(model.dir, modelKey);
    const vocab = readFileSync(join(model.dir, 'vocab.txt'), 'utf8').trimEnd().split('\n');
    expect(meta.vocabSize).toBe(vocab.length);
    expect(meta.dim).toBe(model.hiddenSize);
    expect(vectors).toHaveLength(vocab.length * model.hiddenSize);
    expect(createHash('sha256').update(readFileSync(join(model.dir, STATIC_DIR, STATIC_FILES.vectors))).digest('hex')).toBe(meta.sha256);
  });

  it('match a fresh run of the model on single tokens', async () => {
    const { vectors } = loadStaticVectors(model.dir, modelKey);
    const tokenizer = WordPiece.fromModelDir(model.dir);
    const words = WORDS.filter((word) => tokenizer.encode(word).length === 3);
    expect(words.length).toBeGreaterThanOrEqual(10);
    const fresh = await encoder.encode(words);
    const dim = model.hiddenSize;
    words.forEach((word, row) => {
      const id = tokenizer.encode(word)[1]!;
      let dot = 0;
      let max = 0;
      for (let d = 0; d < dim; d++) {
        dot += fresh[row * dim + d]! * vectors[id * dim + d]!;
        max = Math.max(max, Math.abs(vectors[id * dim + d]!));
      }
      expect(dot, word).toBeGreaterThan(0.998);
      // Each component within one and a half int8 steps of the row (half a step of rounding, and room
      // for the float noise of another batch shape).
      for (let d = 0; d < dim; d++) expect(Math.abs(fresh[row * dim + d]! - vectors[id * dim + d]!), `${word}[${d}]`).toBeLessThanOrEqual((1.5 * max) / 127);
    });
  });

  it('refuse another model\'s key', () => {
    expect(() => loadStaticVectors(model.dir, '0000000000000000')).toThrow(/distilled from another model/);
  });

  it('round-trip through int8 within a 1/254 of each row\'s largest component', () => {
    const dim = 4;
    const input = Float32Array.from([0.5, -0.25, 0.125, 0, 0, 0, 0, 0, -1, 1, 0.3, -0.7]);
    const output = decodeStaticVectors(encodeStaticVectors(input, 3, dim), 3, dim);
    expect(Array.from(output.subarray(4, 8))).toEqual([0, 0, 0, 0]);
    for (let i = 0; i < input.length; i++) {
      const rowMax = Math.max(...Array.from(input.subarray(Math.floor(i / dim) * dim, Math.floor(i / dim) * dim + dim), Math.abs));
      expect(Math.abs(output[i]! - input[i]!)).toBeLessThanOrEqual(rowMax / 254 + 1e-7);
    }
  });
});
