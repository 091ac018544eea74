// The reduce's view of the vectors the map jobs shipped (S3 store): served as an embedder would, each
// once, from the right weights only; what no job shipped is embedded by the model.

import { describe, expect, it } from 'vitest';
import { ShippedVectors } from '../../src/distributed/store/vector-frame.js';
import { trigramEmbedder } from '../helpers/trigram-embedder.js';

describe('ShippedVectors', () => {
  it('answers from the shipped vectors and embeds only what no job shipped', async () => {
    const model = trigramEmbedder(4);
    const shipped = new ShippedVectors(model);
    shipped.add({ cacheKey: model.cacheKey, texts: ['a', 'b'], vectors: Float32Array.from([1, 0, 0, 0, 0, 1, 0, 0]) });
    // A second job's vector of `b` is not the one used: the first frame read wins.
    shipped.add({ cacheKey: model.cacheKey, texts: ['b'], vectors: Float32Array.from([0, 0, 1, 0]) });
    // A worker with other weights: not used.
    shipped.add({ cacheKey: 'other-weights', texts: ['c'], vectors: Float32Array.from([0, 0, 0, 1]) });
    expect([shipped.size, shipped.otherWeights]).toEqual([2, 1]);
    const embedder = shipped.embedderOver(model);
    const out = await embedder.embed(['b', 'c', 'a']);
    expect(Array.from(out.subarray(0, 4))).toEqual([0, 1, 0, 0]);
    expect(Array.from(out.subarray(4, 8))).toEqual(Array.from(await model.embed(['c'])));
    expect(Array.from(out.subarray(8, 12))).toEqual([1, 0, 0, 0]);
    expect([embedder.shipped, embedder.embedded, embedder.cacheKey, embedder.dim]).toEqual([2, 1, model.cacheKey, 4]);
    // Handed out once: the reduce keeps its own copy.
    expect(shipped.size).toBe(0);
  });

  it('finds each text in its own frame among many of different sizes, in any order asked', async () => {
    const model = trigramEmbedder(2);
    const shipped = new ShippedVectors(model);
    // Frame f holds texts `f.0` … `f.(f mod 4)`, each with the vector [f, row]; every fifth frame
    // repeats texts of the frame before, which keep their first vectors.
    const expected = new Map<string, number[]>();
    for (let f = 0; f < 40; f++) {
      const repeat = f % 5 === 4;
      const texts = Array.from({ length: (f % 4) + 1 }, (_, row) => (repeat ? `${f - 1}.${Math.min(row, (f - 1) % 4)}` : `${f}.${row}`));
      const vectors = Float32Array.from(texts.flatMap((_, row) => [f, row]));
      shipped.add({ cacheKey: model.cacheKey, texts, vectors });
      texts.forEach((text, row) => {
        if (!expected.has(text)) expected.set(text, [f, row]);
      });
    }
    expect(shipped.size).toBe(expected.size);
    const asked = [...expected.keys()].reverse();
    const out = await shipped.embedderOver(model).embed(asked);
    asked.forEach((text, i) => expect([text, ...out.subarray(i * 2, i * 2 + 2)]).toEqual([text, ...expected.get(text)!]));
    expect(shipped.size).toBe(0);
  });

  it('counts a frame whose vectors do not fit its texts as unusable', () => {
    const shipped = new ShippedVectors(trigramEmbedder(4));
    shipped.add({ cacheKey: 'trigram-4', texts: ['a', 'b'], vectors: new Float32Array(4) });
    expect([shipped.size, shipped.otherWeights]).toEqual([0, 2]);
  });
});
