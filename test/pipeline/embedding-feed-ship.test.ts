// EmbeddingFeed's ship mode, as a distributed map job with an S3 store runs it: the vectors of the
// texts it claims go out chunk by chunk, in push order, from the cache where it holds them.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EmbeddingCache } from '../../src/embed/embedding-cache.js';
import type { TextClaims } from '../../src/embed/text-claims.js';
import { EmbeddingFeed } from '../../src/pipeline/embedding-feed.js';
import { trigramEmbedder } from '../helpers/trigram-embedder.js';

const TEXTS = Array.from({ length: 10 }, (_, i) => `GET /page/${i}`);

describe('EmbeddingFeed with ship', () => {
  it('ships the claimed texts in push order with their vectors, from the cache or the model', async () => {
    const embedder = trigramEmbedder(16);
    const expected = await embedder.embed(TEXTS);
    embedder.embedded = 0;
    const cache = EmbeddingCache.open(mkdtempSync(join(tmpdir(), 'semlog-ship-')), embedder.cacheKey, embedder.dim);
    // The cache already holds texts 0-3; another job claimed the odd texts.
    cache.store(TEXTS.slice(0, 4), expected.slice(0, 4 * 16));
    const claims: TextClaims = { claim: async (texts) => texts.map((text) => Number(text.split('/').pop()) % 2 === 0) };
    const shipped: Array<{ texts: string[]; vectors: Float32Array }> = [];
    const feed = new EmbeddingFeed(embedder, {
      cache,
      claims,
      chunkSize: 3,
      ship: async (texts, vectors) => void shipped.push({ texts, vectors }),
    });
    for (const text of TEXTS) await feed.push(text);
    expect(await feed.finish()).toHaveLength(0);
    // Chunks of 3 pushed texts: the even ones of each.
    expect(shipped.map((chunk) => chunk.texts)).toEqual([['GET /page/0', 'GET /page/2'], ['GET /page/4'], ['GET /page/6', 'GET /page/8'], []]);
    for (const { texts, vectors } of shipped) {
      texts.forEach((text, row) => expect(Array.from(vectors.subarray(row * 16, (row + 1) * 16))).toEqual(Array.from(expected.subarray(TEXTS.indexOf(text) * 16, (TEXTS.indexOf(text) + 1) * 16))));
    }
    // 0 and 2 came from the cache; 4, 6, 8 from the model (and went into the cache); 5 were claimed elsewhere.
    expect([feed.cachedTexts, embedder.embedded, feed.claimedElsewhere]).toEqual([2, 3, 5]);
    expect(cache.lookup(['GET /page/8'], new Float32Array(16))).toEqual([]);
  });

  it('ships every text without claims, one chunk at a time even when the model answers out of order', async () => {
    const inner = trigramEmbedder(8);
    // The first chunk's answer comes last.
    let calls = 0;
    const embedder = { ...inner, embed: async (texts: readonly string[]) => {
      const slow = calls++ === 0;
      const vectors = await inner.embed(texts);
      if (slow) await new Promise((resolve) => setImmediate(resolve));
      return vectors;
    } };
    const order: string[] = [];
    let writing = false;
    const feed = new EmbeddingFeed(embedder, {
      chunkSize: 4,
      ship: async (texts) => {
        expect(writing).toBe(false);
        writing = true;
        await new Promise((resolve) => setImmediate(resolve));
        order.push(...texts);
        writing = false;
      },
    });
    for (const text of TEXTS) await feed.push(text);
    await feed.finish();
    expect(order).toEqual(TEXTS);
  });

  it('refuses to deliver vectors for analysis while shipping them', () => {
    expect(() => new EmbeddingFeed(trigramEmbedder(8), { ship: async () => {}, onVectors: () => {} })).toThrow(/claims or ship/);
  });
});
