// The vectors a map job ships with its partial when the store is on S3 (map-input.ts), and how the
// reduce serves them to its analysis as if an embedder had made them (reduce-scan.ts).

import type { Embedder } from '../../embed/embedder.js';

/** One chunk of a job's claimed texts and their vectors, row-major; `cacheKey` names the weights that made them. */
export interface VectorFrame {
  cacheKey: string;
  texts: string[];
  vectors: Float32Array;
}

/**
 * The vectors of every frame made by the weights of `embedder` (cacheKey): frames of other weights (a
 * worker with another model) are counted, not used. A text in two frames keeps its first vector.
 */
export class ShippedVectors {
  readonly #byText = new Map<string, Float32Array>();
  readonly #cacheKey: string;
  readonly #dim: number;
  /** Texts whose vectors came from other weights. */
  otherWeights = 0;

  constructor(embedder: Pick<Embedder, 'cacheKey' | 'dim'>) {
    this.#cacheKey = embedder.cacheKey;
    this.#dim = embedder.dim;
  }

  add(frame: VectorFrame): void {
    if (frame.cacheKey !== this.#cacheKey || frame.vectors.length !== frame.texts.length * this.#dim) {
      this.otherWeights += frame.texts.length;
      return;
    }
    frame.texts.forEach((text, row) => {
      if (!this.#byText.has(text)) this.#byText.set(text, frame.vectors.subarray(row * this.#dim, (row + 1) * this.#dim));
    });
  }

  get size(): number {
    return this.#byText.size;
  }

  /**
   * An embedder that answers from these vectors and asks `inner` only for the texts none shipped (a
   * claim lost with a job that failed for good, or frames of other weights). A vector is handed out
   * once and then dropped, so that the reduce does not hold the shipped vectors beside its own copy.
   */
  embedderOver(inner: Embedder): Embedder & { shipped: number; embedded: number } {
    const byText = this.#byText;
    const dim = this.#dim;
    const counts = { shipped: 0, embedded: 0 };
    return {
      modelId: inner.modelId,
      cacheKey: inner.cacheKey,
      dim,
      get shipped() {
        return counts.shipped;
      },
      get embedded() {
        return counts.embedded;
      },
      async embed(texts, signal) {
        const out = new Float32Array(texts.length * dim);
        const missing: number[] = [];
        texts.forEach((text, i) => {
          const vector = byText.get(text);
          if (vector === undefined) missing.push(i);
          else {
            out.set(vector, i * dim);
            byText.delete(text);
          }
        });
        counts.shipped += texts.length - missing.length;
        if (missing.length > 0) {
          const fresh = await inner.embed(missing.map((i) => texts[i]!), signal);
          missing.forEach((target, row) => out.set(fresh.subarray(row * dim, (row + 1) * dim), target * dim));
          counts.embedded += missing.length;
        }
        return out;
      },
      close: () => inner.close(),
    };
  }
}
