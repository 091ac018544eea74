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
  /**
   * Where each text's vector is: its row counted over every frame added (#starts tells the frame). A
   * number, not a view of the row: a subarray is an object of ~100 bytes, which a million texts would
   * pay beside their vectors.
   */
  readonly #byText = new Map<string, number>();
  /** The frames' vectors; a frame is let go once every text in it was handed out. */
  readonly #frames: Array<Float32Array | undefined> = [];
  /** The first row of each frame, counted over every frame added: ascending. */
  readonly #starts: number[] = [];
  #rows = 0;
  /** Texts of each frame not handed out yet. */
  readonly #pending: number[] = [];
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
    const start = this.#rows;
    let kept = 0;
    frame.texts.forEach((text, row) => {
      if (this.#byText.has(text)) return;
      this.#byText.set(text, start + row);
      kept++;
    });
    this.#frames.push(kept > 0 ? frame.vectors : undefined);
    this.#starts.push(start);
    this.#pending.push(kept);
    this.#rows += frame.texts.length;
  }

  /** The vector of `text`, which is then forgotten (its frame too once none of its texts is left); undefined when none was shipped. */
  #take(text: string): Float32Array | undefined {
    const at = this.#byText.get(text);
    if (at === undefined) return undefined;
    this.#byText.delete(text);
    const index = lastAtMost(this.#starts, at);
    const row = at - this.#starts[index]!;
    const vectors = this.#frames[index]!;
    if (--this.#pending[index]! === 0) this.#frames[index] = undefined;
    return vectors.subarray(row * this.#dim, (row + 1) * this.#dim);
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
    const take = (text: string) => this.#take(text);
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
          const vector = take(text);
          if (vector === undefined) missing.push(i);
          else out.set(vector, i * dim);
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

/** The index of the last entry of `ascending` that is at most `value` (the first entry must be). */
function lastAtMost(ascending: readonly number[], value: number): number {
  let low = 0;
  let high = ascending.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (ascending[middle]! <= value) low = middle;
    else high = middle - 1;
  }
  return low;
}
