// The expensive half of a scan: read every record, embed every distinct text, index the vectors.
// Its result can be clustered and scored many times with other settings (see detect-anomalies.ts).

import { join } from 'node:path';
import type { NeighborSource } from '../cluster/dbscan.js';
import { defaultCacheDir, EmbeddingCache } from '../embed/embedding-cache.js';
import type { Embedder } from '../embed/embedder.js';
import { createPoolEmbedder, type PoolEmbedderOptions } from '../embed/pool-embedder.js';
import { throwIfAborted } from '../errors.js';
import { createScope, type ScopeClassifier, type ScopeOptions } from '../features/scope.js';
import { BackgroundIndex } from '../index/background-index.js';
import { HNSW_DEFAULTS, type HnswOptions, type VectorIndex } from '../index/vector-index.js';
import { checkPrepareOptions } from '../options/check-library-options.js';
import { readLogs, type IngestSummary, type LogStream } from '../parse/read-logs.js';
import type { S3InputOptions } from '../parse/s3/resolve-s3.js';
import type { CascadeStats, ProgressListener } from '../types.js';
import { defaultModelDir } from '../embed/model-dir.js';
import { runCascade } from './cascade.js';
import { flaggedTexts } from './cascade-flags.js';
import { EmbeddingFeed } from './embedding-feed.js';
import type { EmbeddingMode } from './embedding-modes.js';
import { ingestRecords, type IngestState } from './ingest-records.js';
import { inputWarnings } from './input-warnings.js';
import { neighborsAhead } from './neighbors-ahead.js';
import { SEMANTIC_DEFAULTS, type SemanticOptions } from './semantic-outliers.js';

export { EMBEDDING_MODES, type EmbeddingMode } from './embedding-modes.js';

export interface PrepareOptions {
  /** Files, folders, globs, s3://BUCKET/PREFIX, or `-` for stdin. */
  paths: readonly string[];
  /**
   * Records already read, instead of reading `paths` (which then only name the inputs): the reduce
   * of a distributed scan replays the records its map jobs parsed (src/distributed/).
   */
  records?: LogStream;
  /** A format name or `auto`. */
  format?: string;
  /** An Apache LogFormat string for custom layouts. */
  logFormat?: string;
  maxLineBytes?: number;
  stdin?: NodeJS.ReadableStream;
  /** S3 endpoint, region or client for s3:// inputs; their objects are also filtered by scope.sinceMs/untilMs. */
  s3?: S3InputOptions;
  /** Embedding settings when no `embedder` is given. */
  embedding?: PoolEmbedderOptions;
  /** Use this embedder instead of starting a pool (it is not closed). */
  embedder?: Embedder;
  /**
   * `full` embeds every distinct text with the model; `cascade` embeds only the texts that decide the
   * outcome and gives the rest a proxy (pipeline/cascade.ts). Default `full`.
   */
  embeddingMode?: EmbeddingMode;
  /** Embedding cache folder; `false` disables the cache. Default: the user's cache folder. */
  cacheDir?: string | false;
  hnsw?: Partial<HnswOptions>;
  /**
   * Nearest neighbours looked up for every text up front, in two threads (default 32: the DBSCAN's
   * first queries and the explanations'), followed by the DBSCAN's wider queries
   * (pipeline/neighbors-ahead.ts); 0 when nothing will be clustered (train).
   */
  neighborsAhead?: number;
  /** The clustering settings detectAnomalies will get: the wider queries are looked up for them. */
  semantic?: Partial<SemanticOptions>;
  /** Length of the time windows of the structured detector. */
  windowMs?: number;
  scope?: ScopeOptions;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
}

export const PREPARE_DEFAULTS = Object.freeze({ windowMs: 5 * 60_000, neighborsAhead: 32, embeddingMode: 'full' as EmbeddingMode });


/** Beside the model folders of the embedding cache: the remembered weights keys (embed/model-key.ts). */
export const MODEL_KEYS_FILE = 'model-keys.json';

export interface PreparedScan {
  ingest: IngestSummary;
  state: IngestState;
  scope: ScopeClassifier;
  vectors: Float32Array;
  dim: number;
  /** The model that made the vectors: baselines must match it. */
  modelId: string;
  readonly cacheKey: string;
  index: VectorIndex;
  neighbors: NeighborSource;
  cachedTexts: number;
  warnings: string[];
  startedMs: number;
  stageMs: Record<string, number>;
  /** What each stage of the cascade handled, in cascade mode. */
  cascade?: CascadeStats;
}

/** What a scan knows once every record is read and the index is built, before any neighbour is looked up. */
export type IngestedScan = Pick<PreparedScan, 'state' | 'modelId' | 'dim' | 'cacheKey'>;

export function prepareScan(options: PrepareOptions): Promise<PreparedScan> {
  return prepareScanWith(options);
}

/**
 * prepareScan, running `meanwhile` on the main thread while the index worker starts on the
 * neighbour lookups, which then takes more of them: analyze() judges the site and the clients
 * there, work that needs the records but no neighbour (detect-anomalies.ts judgeEarly).
 */
export async function prepareScanWith(options: PrepareOptions, meanwhile?: (scan: IngestedScan) => void): Promise<PreparedScan> {
  checkPrepareOptions(options);
  const startedMs = performance.now();
  const { signal, onProgress } = options;
  const warnings: string[] = [];
  const scope = createScope(options.scope);
  const stream = options.records ?? readLogs(options.paths, {
    ...(options.format !== undefined && { format: options.format }),
    ...(options.logFormat !== undefined && { logFormat: options.logFormat }),
    ...(options.maxLineBytes !== undefined && { maxLineBytes: options.maxLineBytes }),
    ...(options.stdin !== undefined && { stdin: options.stdin }),
    s3: s3Options(options),
    ...(signal !== undefined && { signal }),
    ...(onProgress !== undefined && { onProgress }),
  });
  // The pool starts its workers at the first text the cache cannot serve (see pool-embedder.ts).
  const cacheRoot = options.cacheDir === false ? undefined : (options.cacheDir ?? defaultCacheDir());
  const embedder =
    options.embedder ??
    (await createPoolEmbedder({ ...(cacheRoot !== undefined && { keyMemoFile: join(cacheRoot, MODEL_KEYS_FILE) }), ...options.embedding }));
  // The index grows in a worker thread as the vectors arrive (see background-index.ts).
  const indexer = new BackgroundIndex(embedder.dim, options.hnsw);
  try {
    const cache = openCache(cacheRoot, embedder, warnings);
    const feed = new EmbeddingFeed(embedder, {
      cache,
      onVectors: (vectors) => indexer.add(vectors),
      signal,
      onProgress,
      onCacheError: (error) => warnings.push(`embedding cache not updated: ${(error as Error).message}`),
    });
    const clock = stageClock(startedMs);
    const cascadeMode = (options.embeddingMode ?? PREPARE_DEFAULTS.embeddingMode) === 'cascade';
    // The cascade needs every text (and the token frequencies of all of them) before it chooses.
    const state = await ingestRecords(stream, scope, cascadeMode ? { push: async () => {} } : feed, options.windowMs ?? PREPARE_DEFAULTS.windowMs);
    clock.lap('read');
    warnings.push(...inputWarnings(state, scope.counts, stream.summary));
    let vectors: Float32Array;
    let cachedTexts: number;
    let refusedTexts: number;
    let cascade: CascadeStats | undefined;
    if (cascadeMode) {
      const result = await runCascade({
        texts: state.table.texts,
        counts: state.table.counts,
        flagged: flaggedTexts(state),
        embedder,
        modelDir: options.embedding?.modelDir ?? defaultModelDir(),
        cache,
        eps: SEMANTIC_DEFAULTS.eps,
        minSamples: SEMANTIC_DEFAULTS.minSamples,
        hnsw: options.hnsw,
        signal,
        onProgress,
      });
      if (result.cacheError !== undefined) warnings.push(`embedding cache not updated: ${(result.cacheError as Error).message}`);
      ({ vectors, cachedTexts, refusedTexts, stats: cascade } = result);
      indexer.add(vectors);
    } else {
      vectors = await feed.finish();
      ({ cachedTexts, refusedTexts } = feed);
    }
    if (refusedTexts > 0) {
      warnings.push(`embedding cache not updated for ${refusedTexts} texts: their vectors were not finite unit vectors (is the embedder normalizing?)`);
    }
    clock.lap('embed');
    throwIfAborted(signal);
    onProgress?.({ stage: 'index', done: 0, total: state.table.size });
    const index = await indexer.finish(vectors, warnings, signal);
    // A search costs the same for any k up to efSearch, and answers for a smaller k are a prefix.
    const ahead = Math.min(options.neighborsAhead ?? PREPARE_DEFAULTS.neighborsAhead, options.hnsw?.efSearch ?? HNSW_DEFAULTS.efSearch);
    const { counts } = state.table;
    const ingested: IngestedScan = {
      state,
      modelId: embedder.modelId,
      dim: embedder.dim,
      get cacheKey() {
        return embedder.cacheKey;
      },
    };
    const neighbors = await neighborsAhead({
      indexer, index, vectors, dim: embedder.dim, counts, ahead, ...(options.semantic && { semantic: options.semantic }), warnings, signal,
      ...(meanwhile && { meanwhile: () => meanwhile(ingested) }),
    });
    onProgress?.({ stage: 'index', done: state.table.size, total: state.table.size });
    clock.lap('index');
    return {
      ingest: stream.summary,
      state,
      scope,
      vectors,
      dim: embedder.dim,
      modelId: embedder.modelId,
      // Read only by baselines; hashing the weights is not free (see pool-embedder.ts).
      get cacheKey() {
        return embedder.cacheKey;
      },
      index,
      neighbors,
      cachedTexts,
      warnings,
      startedMs,
      stageMs: clock.stageMs,
      ...(cascade && { cascade }),
    };
  } finally {
    await indexer.close();
    if (!options.embedder) await embedder.close();
  }
}

/** The time range that scopes records also picks the S3 objects worth reading (by the dates in their keys). */
function s3Options({ s3, scope }: PrepareOptions): S3InputOptions {
  return {
    ...s3,
    ...(scope?.sinceMs !== undefined && { sinceMs: scope.sinceMs }),
    ...(scope?.untilMs !== undefined && { untilMs: scope.untilMs }),
  };
}

/** Records the wall time since the previous lap under a stage name. */
export function stageClock(startMs = performance.now()) {
  const stageMs: Record<string, number> = {};
  let last = startMs;
  return {
    stageMs,
    lap(stage: string): void {
      const now = performance.now();
      stageMs[stage] = Math.round(now - last);
      last = now;
    },
  };
}

/** The cache is an optimisation: when it cannot be opened the run goes on without it, with a warning. */
export function openCache(cacheRoot: string | undefined, embedder: Embedder, warnings: string[]): EmbeddingCache | undefined {
  if (cacheRoot === undefined) return undefined;
  try {
    return EmbeddingCache.open(cacheRoot, embedder.cacheKey, embedder.dim);
  } catch (error) {
    warnings.push(`embedding cache disabled: ${(error as Error).message}`);
    return undefined;
  }
}
