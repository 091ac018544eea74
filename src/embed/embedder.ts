// The contract every embedding backend fulfils: texts in, unit-length vectors out.

/** Turns texts into L2-normalized sentence embeddings. */
export interface Embedder {
  /** Identifies the model (and its quantization) for caches and baselines. */
  readonly modelId: string;
  /** Changes whenever the vectors would change (a hash of the weights): keys the embedding cache. */
  readonly cacheKey: string;
  readonly dim: number;
  /**
   * Embeds `texts` and returns their vectors row-major in one array of `texts.length * dim` floats,
   * in the order given.
   */
  embed(texts: readonly string[], signal?: AbortSignal): Promise<Float32Array>;
  /** Releases workers and native sessions; safe to call more than once. */
  close(): Promise<void>;
}

/** In-process encoder used inside one worker: no pooling of threads, no caching. */
export interface Encoder {
  readonly dim: number;
  encode(texts: readonly string[]): Promise<Float32Array>;
  release(): Promise<void>;
}

/** How an encoder runs the ONNX model: `ort` drives onnxruntime-node directly, `transformers` goes through transformers.js. */
export const ENCODER_BACKENDS = Object.freeze(['ort', 'transformers'] as const);
export type EncoderBackend = (typeof ENCODER_BACKENDS)[number];

export interface EncoderOptions {
  modelDir: string;
  backend: EncoderBackend;
  /** onnxruntime intra-op threads per encoder. */
  threads: number;
}
