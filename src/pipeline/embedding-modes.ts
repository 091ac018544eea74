// How a scan embeds its distinct texts: every one with MiniLM (`full`), or only those that decide the
// outcome (`cascade`, pipeline/cascade.ts). Its own file: options/ checks it without loading the pipeline.

export const EMBEDDING_MODES = Object.freeze(['full', 'cascade'] as const);
export type EmbeddingMode = (typeof EMBEDDING_MODES)[number];
