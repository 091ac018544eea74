// The reduce step of a distributed scan, free of any queue: replay the map jobs' records in scan
// order through the single-process analysis. The texts were embedded by the workers, into the shared
// cache or (with an S3 store) into the partials, so the reduce reads their vectors, builds the HNSW
// index once over the union of distinct texts, clusters once and scores exactly as `semlog scan` does.

import { join } from 'node:path';
import { defaultCacheDir } from '../embed/embedding-cache.js';
import { createPoolEmbedder } from '../embed/pool-embedder.js';
import { READ_DEFAULTS, type LogStream } from '../parse/read-logs.js';
import { analyze, type AnalyzeOptions } from '../pipeline/analyze.js';
import { MODEL_KEYS_FILE } from '../pipeline/prepare-scan.js';
import type { Analysis, LogRecord, ProgressListener } from '../types.js';
import { continuesFile, lineOffsets, shiftMalformed } from './line-offsets.js';
import { mapBounded } from './map-bounded.js';
import { mergeIngestSummaries } from './merge-ingest-summaries.js';
import { isS3Uri } from '../parse/s3/s3-uri.js';
import type { S3ClientOptions } from '../parse/s3/s3-client.js';
import { openPartialStore, type PartialStore } from './store/partial-store.js';
import { ShippedVectors, type VectorFrame } from './store/vector-frame.js';

export interface ReduceInput {
  /** The map jobs' store: a folder, or `s3://BUCKET/PREFIX` (whose jobs shipped their vectors; MapJob.cacheDir). */
  store: string;
  scanId: string;
  /** Map jobs of the scan, indexed 0…jobs-1. */
  jobs: number;
  /** How to reach an S3 store. */
  s3?: S3ClientOptions;
}

/**
 * `options.cacheDir` is the shared cache the jobs filled (folder store), or the reduce's own cache,
 * looked up before the vectors the jobs shipped (S3 store).
 */
export async function reduceScan(input: ReduceInput, options: AnalyzeOptions): Promise<Analysis> {
  const store = await openPartialStore(input.store, input.scanId, input.s3);
  try {
    return await reduceFrom(store, input, options);
  } finally {
    store.close();
  }
}

async function reduceFrom(store: PartialStore, input: ReduceInput, options: AnalyzeOptions): Promise<Analysis> {
  const records = await readPartials({ store, jobs: input.jobs }, options.onProgress);
  if (!isS3Uri(input.store)) return analyze({ ...options, records });
  const cacheRoot = options.cacheDir === false ? undefined : (options.cacheDir ?? defaultCacheDir());
  // The caller's embedder, or a pool started only if some text was shipped by no job (the pool starts
  // its threads at the first text).
  const pool = options.embedder ? undefined : await createPoolEmbedder({ ...(cacheRoot !== undefined && { keyMemoFile: join(cacheRoot, MODEL_KEYS_FILE) }), ...options.embedding });
  const model = options.embedder ?? pool!;
  try {
    const shipped = new ShippedVectors(model);
    for (let index = 0; index < input.jobs; index++) {
      for await (const frame of store.readFrames<VectorFrame>(index, 'vectors')) shipped.add(frame);
    }
    const embedder = shipped.embedderOver(model);
    const analysis = await analyze({ ...options, records, embedder });
    if (shipped.otherWeights > 0) {
      analysis.summary.warnings.push(`${shipped.otherWeights} vectors the workers shipped came from other model weights and were not used (run every host with the same semlog and --model)`);
    }
    if (embedder.embedded > 0) analysis.summary.warnings.push(`the reduce embedded ${embedder.embedded} texts that no map job shipped`);
    return analysis;
  } finally {
    await pool?.close();
  }
}

/** Job summaries read at once: a few dozen files or S3 requests, whatever the number of jobs. */
const SUMMARY_READS = 32;

/** Every partial's records, in scan order, as one LogStream whose summary is complete from the start. */
export async function readPartials({ store, jobs }: { store: PartialStore; jobs: number }, onProgress?: ProgressListener): Promise<LogStream> {
  const indexes = Array.from({ length: jobs }, (_, index) => index);
  const parts = await mapBounded(indexes, SUMMARY_READS, (index) => store.readSummary(index));
  // The byte ranges of a file number their lines from 1; here they get their numbers in the whole file.
  const offsets = lineOffsets(parts);
  const ingests = parts.map((p, i) => shiftMalformed(p.ingest, offsets[i]!));
  const summary = mergeIngestSummaries(ingests, READ_DEFAULTS.malformedSampleSize, parts.map(continuesFile));
  return {
    summary,
    async *[Symbol.asyncIterator]() {
      let done = 0;
      for (const index of indexes) {
        const offset = offsets[index]!;
        for await (const batch of store.readFrames<LogRecord[]>(index, 'records')) {
          if (offset !== 0) for (const record of batch) record.line += offset;
          done += batch.length;
          onProgress?.({ stage: 'parse', done });
          yield batch;
        }
      }
    },
  };
}
