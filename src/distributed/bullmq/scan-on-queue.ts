// A whole distributed scan on BullMQ: plan the map jobs, run them on the workers, reduce here. The
// report is the Analysis of analyze(), so every output format and --html work unchanged.

import type { AnalyzeOptions } from '../../pipeline/analyze.js';
import type { Analysis } from '../../types.js';
import { planMapJobs } from '../plan-map-jobs.js';
import { openPartialStore } from '../store/partial-store.js';
import { reduceScan } from '../reduce-scan.js';
import { runMapJobs, type MapProgress } from './run-map-jobs.js';

export interface QueueScanOptions {
  /** redis://HOST:PORT */
  queue: string;
  /** The store: a folder every host shares, or `s3://BUCKET/PREFIX`. */
  store: string;
  /** A plain local file larger than this is split into byte ranges of this size (planMapJobs). */
  rangeBytes?: number;
  onMapProgress?: (progress: MapProgress) => void;
  /** A note for the person or job that runs the scan (runMapJobs' onNote). */
  onNote?: (message: string) => void;
}

export async function scanOnQueue(options: AnalyzeOptions, { queue, store, rangeBytes, onMapProgress, onNote }: QueueScanOptions): Promise<Analysis> {
  const jobs = await planMapJobs({ ...options, store, ...(rangeBytes !== undefined && { rangeBytes }) });
  const first = jobs[0]!;
  const partials = await openPartialStore(first.store, first.scanId, first.s3);
  try {
    await partials.prepare();
  } catch (error) {
    partials.close();
    throw error;
  }
  try {
    await runMapJobs(queue, jobs, { ...(options.signal && { signal: options.signal }), ...(onMapProgress && { onProgress: onMapProgress }), ...(onNote && { onNote }) });
    const reduceInput = { store: first.store, scanId: first.scanId, jobs: jobs.length, ...(first.s3 && { s3: first.s3 }) };
    // With an S3 store the reduce reads the vectors the jobs shipped, after its own cache (--cache).
    return await reduceScan(reduceInput, first.cacheDir === null ? options : { ...options, cacheDir: first.cacheDir });
  } finally {
    await partials.remove();
    partials.close();
  }
}
