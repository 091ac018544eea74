// The map step of a distributed scan, free of any queue: parse one input, write its records to the
// store, and embed the texts the shared cache does not hold yet; with an S3 store, which no cache is
// beside, write the vectors of the texts it claims to the store too. Another engine (AWS Step
// Functions, a Lambda per input) calls this same function.
//
// The records are replayed by the reduce (reduce-scan.ts) through the single-process analysis, which
// is what makes the distributed report the same as `semlog scan`'s.

import type { Embedder } from '../embed/embedder.js';
import type { TextClaims } from '../embed/text-claims.js';
import { createScope } from '../features/scope.js';
import { readSources, type LogStream } from '../parse/read-logs.js';
import type { InputSource } from '../parse/resolve-inputs.js';
import { EmbeddingFeed } from '../pipeline/embedding-feed.js';
import { ingestRecords } from '../pipeline/ingest-records.js';
import { openCache } from '../pipeline/prepare-scan.js';
import type { MapJob, MapResult } from './map-job.js';
import { openPartialStore, type FrameWriter } from './store/partial-store.js';
import type { VectorFrame } from './store/vector-frame.js';

export interface MapInputOptions {
  signal?: AbortSignal;
  /**
   * Settles which job embeds a text that several jobs miss in the cache at once (embed/text-claims.ts);
   * without it, each job embeds every text it misses. With an S3 store, which job ships each text's vector.
   */
  claims?: TextClaims;
  /** This host's own embedding cache, used when the job names no shared one (an S3 store); undefined: none. */
  localCacheDir?: string;
}

export async function mapInput(job: MapJob, embedder: Embedder, options: MapInputOptions = {}): Promise<MapResult> {
  const { signal, claims } = options;
  const store = await openPartialStore(job.store, job.scanId, job.s3);
  const writers: FrameWriter[] = [];
  try {
    const source = job.input.path === null ? await s3Source(job) : job.input;
    const stream = readSources([source], { ...job.read, partOfScan: true, ...(signal && { signal }) });
    const records = await store.createWriter(job.index, 'records');
    writers.push(records);
    const vectors = job.cacheDir === null ? await store.createWriter(job.index, 'vectors') : undefined;
    if (vectors) writers.push(vectors);
    const warnings: string[] = [];
    // Opened per job: it then sees the segments the other workers stored meanwhile.
    const cache = openCache(job.cacheDir ?? options.localCacheDir, embedder, warnings);
    const feed = new EmbeddingFeed(embedder, {
      cache,
      signal,
      claims,
      onCacheError: (error) => warnings.push(`embedding cache not updated: ${(error as Error).message}`),
      ...(vectors && { ship: (texts: string[], chunk: Float32Array) => vectors.write({ cacheKey: embedder.cacheKey, texts, vectors: chunk } satisfies VectorFrame) }),
    });
    // The same pass as a single-process scan: scope, normalization and dedup decide what is embedded.
    const state = await ingestRecords(writeThrough(stream, records), createScope(job.scope), feed, job.windowMs);
    await feed.finish();
    for (const writer of writers) await writer.commit();
    const { summary } = stream;
    // Written last: its presence says the job finished.
    await store.writeSummary(job.index, {
      index: job.index,
      input: job.input.name,
      ...(job.input.range !== undefined && { range: job.input.range }),
      ingest: summary,
      distinctTexts: state.table.size,
      warnings,
    });
    return {
      index: job.index,
      lines: summary.records + summary.malformed,
      records: summary.records,
      distinctTexts: state.table.size,
      embeddedTexts: state.table.size - feed.cachedTexts - feed.claimedElsewhere,
      claimedElsewhere: feed.claimedElsewhere,
    };
  } catch (error) {
    for (const writer of writers) await writer.abort();
    throw error;
  } finally {
    store.close();
  }
}

/** The AWS SDK is loaded only by jobs that read S3 objects. */
async function s3Source(job: MapJob): Promise<InputSource> {
  const { s3ObjectSource } = await import('../parse/s3/resolve-s3.js');
  return s3ObjectSource(job.input.name, job.s3 ?? {});
}

/** The stream, with every batch written to the store before it is analysed. */
function writeThrough(stream: LogStream, writer: FrameWriter): LogStream {
  return {
    get summary() {
      return stream.summary;
    },
    async *[Symbol.asyncIterator]() {
      for await (const batch of stream) {
        await writer.write(batch);
        yield batch;
      }
    },
  };
}
