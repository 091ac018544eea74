// The map step of a distributed scan, free of any queue: parse one input, write its records to the
// store, and embed the texts the shared cache does not hold yet. Another engine (AWS Step Functions,
// a Lambda per input) calls this same function.
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
import { partialFiles, RecordWriter, writeSummary } from './partial-store.js';

/**
 * `claims`, when given, settles which job embeds a text that several jobs miss in the cache at once
 * (embed/text-claims.ts); without it, each job embeds every text it misses.
 */
export async function mapInput(job: MapJob, embedder: Embedder, options: { signal?: AbortSignal; claims?: TextClaims } = {}): Promise<MapResult> {
  const { signal, claims } = options;
  const files = partialFiles(job.store, job.scanId, job.index);
  const source = job.input.path === null ? await s3Source(job) : job.input;
  const stream = readSources([source], { ...job.read, partOfScan: true, ...(signal && { signal }) });
  const writer = await RecordWriter.create(files.records);
  try {
    const warnings: string[] = [];
    // Opened per job: it then sees the segments the other workers stored meanwhile.
    const cache = openCache(job.cacheDir, embedder, warnings);
    const feed = new EmbeddingFeed(embedder, {
      cache,
      signal,
      claims,
      onCacheError: (error) => warnings.push(`embedding cache not updated: ${(error as Error).message}`),
    });
    // The same pass as a single-process scan: scope, normalization and dedup decide what is embedded.
    const state = await ingestRecords(writeThrough(stream, writer), createScope(job.scope), feed, job.windowMs);
    await feed.finish();
    await writer.commit();
    const { summary } = stream;
    // Written last: its presence says the job finished.
    await writeSummary(files.summary, {
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
    await writer.abort();
    throw error;
  }
}

/** The AWS SDK is loaded only by jobs that read S3 objects. */
async function s3Source(job: MapJob): Promise<InputSource> {
  const { s3ObjectSource } = await import('../parse/s3/resolve-s3.js');
  return s3ObjectSource(job.input.name, job.s3 ?? {});
}

/** The stream, with every batch written to the store before it is analysed. */
function writeThrough(stream: LogStream, writer: RecordWriter): LogStream {
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
