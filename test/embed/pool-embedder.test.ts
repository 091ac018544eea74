// The worker pool: real model, real threads; order is kept although batches are sorted by length.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEncoder } from '../../src/embed/create-encoder.js';
import type { Embedder } from '../../src/embed/embedder.js';
import { defaultModelDir, inspectModelDir } from '../../src/embed/model-dir.js';
import { createPoolEmbedder } from '../../src/embed/pool-embedder.js';
import { InterruptedError, ModelError } from '../../src/errors.js';

const texts = Array.from({ length: 150 }, (_, i) =>
  i % 3 === 0 ? `GET /products/item-${i}?color=red&size=${'x'.repeat(i % 40)}` : i % 3 === 1 ? `POST /login ${i}` : `GET /${i}`,
);

describe('createPoolEmbedder', () => {
  let pool: Embedder;
  beforeAll(async () => {
    pool = await createPoolEmbedder({ workers: 2, batchSize: 16 });
  });
  afterAll(() => pool?.close());

  it('returns the vectors in input order, equal to a single in-process encoder', async () => {
    const pooled = await pool.embed(texts);
    const encoder = await createEncoder('ort', inspectModelDir(defaultModelDir()), 1);
    try {
      const direct = await encoder.encode(texts);
      expect(pooled.length).toBe(texts.length * 384);
      for (let i = 0; i < texts.length; i++) {
        let dot = 0;
        for (let d = 0; d < 384; d++) dot += pooled[i * 384 + d]! * direct[i * 384 + d]!;
        expect(dot, texts[i]).toBeGreaterThan(0.9999);
      }
    } finally {
      await encoder.release();
    }
  });

  it('handles an empty list', async () => {
    expect((await pool.embed([])).length).toBe(0);
  });

  it('stops with InterruptedError when the signal fires', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(pool.embed(texts, controller.signal)).rejects.toBeInstanceOf(InterruptedError);
  });
});

describe('a missing model', () => {
  it('is a ModelError with a hint, before any worker starts', async () => {
    const error = await createPoolEmbedder({ modelDir: '/nonexistent/model' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelError);
    expect((error as ModelError).code).toBe('SEMLOG_MODEL_MISSING');
    expect((error as ModelError).hint).toMatch(/--model/);
  });
});
