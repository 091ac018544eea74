// A chunk of texts that cannot be embedded ends the feed at the next push: a scan stops reading
// instead of reading the rest of its input only to fail at the end (finish() reports it too).

import { describe, expect, it } from 'vitest';
import { EmbeddingFeed } from '../../src/pipeline/embedding-feed.js';
import { trigramEmbedder } from '../helpers/trigram-embedder.js';

const TEXTS = Array.from({ length: 200 }, (_, i) => `GET /page/${i}`);

describe('EmbeddingFeed after a failed chunk', () => {
  it('rejects the next pushes with the chunk error, stops embedding, and finish() rejects with it', async () => {
    const inner = trigramEmbedder(8);
    let calls = 0;
    const embedder = {
      ...inner,
      embed: async (texts: readonly string[]) => {
        calls++;
        if (calls === 1) throw new Error('the model is broken');
        return inner.embed(texts);
      },
    };
    // Up to 4 chunks of 2 texts in flight: the failure is not met by a waiting push.
    const feed = new EmbeddingFeed(embedder, { chunkSize: 2, maxChunksInFlight: 4 });
    let pushed = 0;
    const error = await (async () => {
      for (const text of TEXTS) {
        await feed.push(text);
        pushed++;
      }
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe('the model is broken');
    // It stopped within the chunks already in flight, far from the 100 chunks of the input.
    expect(pushed).toBeLessThan(20);
    expect(calls).toBeLessThan(10);
    await expect(feed.finish()).rejects.toThrow('the model is broken');
  });
});
