// Embeds distinct texts while the logs are still being read: new texts are collected into chunks,
// looked up in the cache, and the misses sent to the embedder, with a bounded number of chunks in
// flight (the reader waits when the model falls behind).

import { brokenVectors } from '../embed/broken-vectors.js';
import type { EmbeddingCache } from '../embed/embedding-cache.js';
import type { Embedder } from '../embed/embedder.js';
import { InFlight } from '../embed/in-flight.js';
import type { TextClaims } from '../embed/text-claims.js';
import { sharedVectors } from '../index/neighbor-rows.js';
import type { ProgressListener } from '../types.js';

export interface EmbeddingFeedOptions {
  cache?: EmbeddingCache | undefined;
  /** Texts per chunk handed to the embedder. */
  chunkSize?: number;
  /** Chunks being embedded at once before `push` makes the caller wait. */
  maxChunksInFlight?: number;
  signal?: AbortSignal | undefined;
  onProgress?: ProgressListener | undefined;
  /** Called when storing to the cache fails; the run goes on without it. */
  onCacheError?: (error: unknown) => void;
  /** Gets every chunk's vectors as soon as they and all earlier chunks are ready, in push order. */
  onVectors?: (vectors: Float32Array) => void;
  /**
   * Texts the cache misses are embedded only when this process claims them (embed/text-claims.ts);
   * the others are left to the process that claimed them. Their rows of the vectors stay zero, so a
   * feed with claims only fills the cache (a distributed map job): no onVectors, and finish()'s
   * vectors are not for analysis.
   */
  claims?: TextClaims | undefined;
  /**
   * Takes, chunk by chunk and in push order, the vectors of every text this process claims (every text
   * without `claims`), from the cache or the embedder: a distributed map job whose store is not beside
   * the reduce's cache (an S3 store) ships them with its partial (distributed/map-input.ts). Claims then
   * cover every text, not only the cache's misses, so that each text travels in one partial; the texts
   * claimed elsewhere are left out. finish() returns no vectors.
   */
  ship?: ((texts: string[], vectors: Float32Array) => Promise<void>) | undefined;
}

export class EmbeddingFeed {
  readonly #embedder: Embedder;
  readonly #options: EmbeddingFeedOptions;
  readonly #chunkSize: number;
  readonly #chunks: Array<Promise<Float32Array>> = [];
  readonly #inFlight: InFlight;
  /** Settles when every chunk so far has gone to onVectors. */
  #delivered: Promise<void> = Promise.resolve();
  #pending: string[] = [];
  /** Settles when every chunk so far has gone to `ship`, which gets them one at a time. */
  #shipped: Promise<void> = Promise.resolve();
  #pushed = 0;
  #done = 0;
  cachedTexts = 0;
  /** Texts the cache missed that another process had claimed: left to it (see `claims`). */
  claimedElsewhere = 0;
  /** Texts the cache refused to store: their vectors were not finite unit vectors. */
  refusedTexts = 0;

  constructor(embedder: Embedder, options: EmbeddingFeedOptions = {}) {
    if ((options.claims || options.ship) && options.onVectors) throw new TypeError('an EmbeddingFeed with claims or ship has no vectors to deliver (onVectors)');
    this.#embedder = embedder;
    this.#options = options;
    this.#chunkSize = options.chunkSize ?? 512;
    this.#inFlight = new InFlight(options.maxChunksInFlight ?? 4);
  }

  /** Queues the next distinct text (ids are implicit: the order of pushes). */
  async push(text: string): Promise<void> {
    this.#pending.push(text);
    this.#pushed++;
    if (this.#pending.length >= this.#chunkSize) await this.#flush();
  }

  /** Waits for every text (and its delivery to onVectors) and returns the vectors in push order. */
  async finish(): Promise<Float32Array> {
    await this.#flush();
    const parts = await Promise.all(this.#chunks);
    await this.#delivered;
    if (this.#options.ship) return new Float32Array(0);
    const out = sharedVectors(this.#pushed * this.#embedder.dim);
    let offset = 0;
    for (const part of parts) {
      out.set(part, offset);
      offset += part.length;
    }
    return out;
  }

  async #flush(): Promise<void> {
    if (this.#pending.length === 0) return;
    const texts = this.#pending;
    this.#pending = [];
    const chunk = this.#embedChunk(texts);
    chunk.catch(() => {}); // surfaced by finish(); keeps a failure from being unhandled meanwhile
    this.#chunks.push(chunk);
    const { onVectors } = this.#options;
    if (onVectors) {
      this.#delivered = this.#delivered.then(() => chunk).then(onVectors);
      this.#delivered.catch(() => {}); // a failed chunk ends delivery; finish() reports it
    }
    await this.#inFlight.add(chunk);
  }

  async #embedChunk(texts: string[]): Promise<Float32Array> {
    if (this.#options.ship) return this.#shipChunk(texts, this.#options.ship);
    const dim = this.#embedder.dim;
    const out = new Float32Array(texts.length * dim);
    const { cache } = this.#options;
    const misses = cache ? cache.lookup(texts, out) : texts.map((_, i) => i);
    this.cachedTexts += texts.length - misses.length;
    await this.#embedRows(texts, await this.#ours(texts, misses), out);
    this.#done += texts.length;
    this.#options.onProgress?.({ stage: 'embed', done: this.#done, total: this.#pushed });
    return out;
  }

  /** A chunk in `ship` mode: its claimed texts' vectors, from the cache or embedded, go to `ship` in push order. */
  async #shipChunk(texts: string[], ship: (texts: string[], vectors: Float32Array) => Promise<void>): Promise<Float32Array> {
    // Its turn is taken now, while chunks are still in push order; they finish in any order.
    const previous = this.#shipped;
    let done!: () => void;
    this.#shipped = new Promise((resolve) => (done = resolve));
    try {
      await this.#shipVectors(texts, ship, previous);
    } finally {
      done();
    }
    this.#done += texts.length;
    this.#options.onProgress?.({ stage: 'embed', done: this.#done, total: this.#pushed });
    return new Float32Array(0);
  }

  async #shipVectors(texts: string[], ship: (texts: string[], vectors: Float32Array) => Promise<void>, turn: Promise<void>): Promise<void> {
    const dim = this.#embedder.dim;
    const { cache } = this.#options;
    const ours = (await this.#ours(texts, texts.map((_, i) => i))).map((i) => texts[i]!);
    const vectors = new Float32Array(ours.length * dim);
    const misses = cache ? cache.lookup(ours, vectors) : ours.map((_, i) => i);
    this.cachedTexts += ours.length - misses.length;
    await this.#embedRows(ours, misses, vectors);
    // A partial takes the chunks one at a time, in push order.
    await turn;
    await ship(ours, vectors);
  }

  /** Embeds the texts at `rows` into those rows of `out`, and stores them in the cache. */
  async #embedRows(texts: readonly string[], rows: number[], out: Float32Array): Promise<void> {
    if (rows.length === 0) return;
    const dim = this.#embedder.dim;
    const fresh = await this.#embedder.embed(rows.map((i) => texts[i]!), this.#options.signal);
    // The pool checks its own batches; this catches any other embedder a library user passes.
    const broken = brokenVectors(fresh, rows.length, dim, `the embedder ${this.#embedder.modelId}`);
    if (broken) throw broken;
    rows.forEach((target, row) => out.set(fresh.subarray(row * dim, (row + 1) * dim), target * dim));
    const { cache } = this.#options;
    if (cache) this.#store(cache, rows.map((i) => texts[i]!), fresh);
  }

  /** Of the texts at `misses`, those this process embeds (ships): all of them, or those it claims. */
  async #ours(texts: readonly string[], misses: number[]): Promise<number[]> {
    const { claims } = this.#options;
    if (!claims || misses.length === 0) return misses;
    const mine = await claims.claim(misses.map((i) => texts[i]!));
    const ours = misses.filter((_, k) => mine[k]);
    this.claimedElsewhere += misses.length - ours.length;
    return ours;
  }

  #store(cache: EmbeddingCache, texts: string[], vectors: Float32Array): void {
    try {
      this.refusedTexts += cache.store(texts, vectors);
    } catch (error) {
      this.#options.onCacheError?.(error);
    }
  }
}
