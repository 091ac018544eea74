// A whole distributed scan on BullMQ: plan the map jobs, run them on the workers, reduce here. The
// report is the Analysis of analyze(), so every output format and --html work unchanged.

import { mkdir } from 'node:fs/promises';
import { InputError } from '../../errors.js';
import type { AnalyzeOptions } from '../../pipeline/analyze.js';
import type { Analysis } from '../../types.js';
import { removeScan, scanFolder } from '../partial-store.js';
import { planMapJobs } from '../plan-map-jobs.js';
import { reduceScan } from '../reduce-scan.js';
import { runMapJobs, type MapProgress } from './run-map-jobs.js';

export interface QueueScanOptions {
  /** redis://HOST:PORT */
  queue: string;
  /** The shared store folder. */
  store: string;
  /** A plain local file larger than this is split into byte ranges of this size (planMapJobs). */
  rangeBytes?: number;
  onMapProgress?: (progress: MapProgress) => void;
}

export async function scanOnQueue(options: AnalyzeOptions, { queue, store, rangeBytes, onMapProgress }: QueueScanOptions): Promise<Analysis> {
  const jobs = await planMapJobs({ ...options, store, ...(rangeBytes !== undefined && { rangeBytes }) });
  const first = jobs[0]!;
  try {
    await mkdir(scanFolder(first.store, first.scanId), { recursive: true });
  } catch (cause) {
    throw new InputError('SEMLOG_STORE_UNWRITABLE', `cannot write to the store ${store}: ${(cause as NodeJS.ErrnoException).code}`, {
      hint: '--store must be a folder every worker host can read and write (NFS, EFS, a shared volume)',
      cause,
    });
  }
  try {
    await runMapJobs(queue, jobs, { ...(options.signal && { signal: options.signal }), ...(onMapProgress && { onProgress: onMapProgress }) });
    return await reduceScan({ store: first.store, scanId: first.scanId, jobs: jobs.length }, { ...options, cacheDir: first.cacheDir });
  } finally {
    await removeScan(first.store, first.scanId);
  }
}
