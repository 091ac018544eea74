// The reduce step of a distributed scan, free of any queue: replay the map jobs' records in scan
// order through the single-process analysis. The texts were embedded by the workers into the shared
// cache, so the reduce reads their vectors, builds the HNSW index once over the union of distinct
// texts, clusters once and scores exactly as `semlog scan` does.

import { READ_DEFAULTS, type LogStream } from '../parse/read-logs.js';
import { analyze, type AnalyzeOptions } from '../pipeline/analyze.js';
import type { Analysis, ProgressListener } from '../types.js';
import { continuesFile, lineOffsets, shiftMalformed } from './line-offsets.js';
import { mergeIngestSummaries } from './merge-ingest-summaries.js';
import { partialFiles, readRecords, readSummary } from './partial-store.js';

export interface ReduceInput {
  store: string;
  scanId: string;
  /** Map jobs of the scan, indexed 0…jobs-1. */
  jobs: number;
}

export async function reduceScan(input: ReduceInput, options: AnalyzeOptions): Promise<Analysis> {
  return analyze({ ...options, records: await readPartials(input, options.onProgress) });
}

/** Every partial's records, in scan order, as one LogStream whose summary is complete from the start. */
export async function readPartials({ store, scanId, jobs }: ReduceInput, onProgress?: ProgressListener): Promise<LogStream> {
  const files = Array.from({ length: jobs }, (_, index) => partialFiles(store, scanId, index));
  const parts = await Promise.all(files.map((f) => readSummary(f.summary)));
  // The byte ranges of a file number their lines from 1; here they get their numbers in the whole file.
  const offsets = lineOffsets(parts);
  const ingests = parts.map((p, i) => shiftMalformed(p.ingest, offsets[i]!));
  const summary = mergeIngestSummaries(ingests, READ_DEFAULTS.malformedSampleSize, parts.map(continuesFile));
  return {
    summary,
    async *[Symbol.asyncIterator]() {
      let done = 0;
      for (const [i, f] of files.entries()) {
        const offset = offsets[i]!;
        for await (const batch of readRecords(f.records)) {
          if (offset !== 0) for (const record of batch) record.line += offset;
          done += batch.length;
          onProgress?.({ stage: 'parse', done });
          yield batch;
        }
      }
    },
  };
}
